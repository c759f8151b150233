import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where every service records how it was made, relative to its root. */
export const STATE_FILE = '.platform/service.json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the random UUID `create-service` and `adopt` record as `projectId`. */
export function isProjectId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The state file's `projectId`, or null when the repo has none or it is not a UUID. Read
 * without the state schema: usage events need this one field, and must not pay for zod.
 */
export function readProjectId(repoDir: string): string | null {
  try {
    const state = JSON.parse(readFileSync(path.join(repoDir, STATE_FILE), 'utf8')) as {
      projectId?: unknown;
    } | null;
    return isProjectId(state?.projectId) ? state.projectId.toLowerCase() : null;
  } catch {
    return null;
  }
}
