import { OWNERS } from '../catalog/owners.js';
import { UserError } from '../errors.js';
import { describeIssues } from '../zod-issues.js';
import * as z from '../zod-mini.js';
import { isProjectId, STATE_FILE } from './state-project-id.js';

/*
 * The schema of `.platform/service.json`, apart from service-state.ts so that zod loads only
 * when a state file is read: a render writes one, and its start-up is the render budget.
 */

// Built on first use: a process may read no state file, or several.
const buildServiceStateSchema = () =>
  z.looseObject({
    schemaVersion: z.literal(1),
    template: z.object({
      catalog: z.string().check(z.minLength(1)),
      id: z.string().check(z.minLength(1)),
      version: z.string().check(z.minLength(1)),
    }),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    files: z.record(
      z.string(),
      z.object({
        owner: z.enum(OWNERS),
        sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest')),
      }),
    ),
    cli: z.string(),
    // Optional: state files written before it existed stay valid.
    projectId: z.optional(z.string().check(z.refine(isProjectId, 'must be a UUID'))),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
let schema: ReturnType<typeof buildServiceStateSchema> | undefined;
const serviceStateSchema = () => (schema ??= buildServiceStateSchema());
export type ServiceState = z.infer<ReturnType<typeof buildServiceStateSchema>>;

/** Validates the text of a state file; errors name the field. */
export function parseServiceState(text: string): ServiceState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      'STATE',
      `${STATE_FILE} is not valid JSON: ${(error as Error).message}`,
      'Restore it from git (`git checkout -- .platform/service.json`).',
    );
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > 1)
    throw new UserError(
      'STATE',
      `${STATE_FILE} has schemaVersion ${version}, newer than this CLI understands`,
      'Update create-service to the latest version.',
    );
  const result = serviceStateSchema().safeParse(raw);
  if (!result.success)
    throw new UserError(
      'STATE',
      `${STATE_FILE} is invalid`,
      'Restore it from git, or re-link the repo with `platform adopt`.',
      describeIssues(result.error),
    );
  return result.data;
}
