import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenderPlan } from '../render/plan-render.js';
import { readRepoDataFile, RepoFiles } from './repo-files.js';
import { STATE_FILE } from './state-project-id.js';
import type { ServiceState } from './state-schema.js';

export { STATE_FILE };

export type { ServiceState };

/**
 * The state a render leaves behind. `previous` keeps the creation time and the project id
 * across upgrades; a new state (create, adopt) gets a random project id. An upgrade never adds
 * one: two runs of the same upgrade must write the same bytes.
 */
export function stateFromPlan(
  plan: RenderPlan,
  cli: string,
  now: Date,
  previous?: ServiceState,
): ServiceState {
  const files = Object.fromEntries(
    [...plan.files]
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((f) => [f.path, { owner: f.owner, sha256: f.sha256 }]),
  );
  return {
    schemaVersion: 1,
    template: plan.template,
    answers: plan.answers,
    files,
    cli,
    ...(previous
      ? previous.projectId !== undefined && { projectId: previous.projectId }
      : { projectId: randomUUID() }),
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** The bytes of the state file: stable key order, two-space indent, final newline. */
export function serializeState(state: ServiceState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Reads and validates a repo's state file; null when the repo has none. */
export async function readServiceState(repoDir: string): Promise<ServiceState | null> {
  const text = readRepoDataFile(new RepoFiles(repoDir), STATE_FILE);
  if (text === null) return null;
  // The schema loads only to read a state file; a render writes one and never reads it.
  return (await import('./state-schema.js')).parseServiceState(text);
}

/**
 * Writes the state file atomically (temp file, then rename), never through a symlinked
 * `.platform` folder.
 */
export async function writeServiceState(repoDir: string, state: ServiceState): Promise<void> {
  const repo = new RepoFiles(repoDir);
  repo.assertWritable([STATE_FILE], 'writing the state file');
  const file = repo.full(STATE_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, serializeState(state), { flag: 'wx' });
  await rename(tmp, file).catch(async (error: unknown) => {
    await rm(tmp, { force: true });
    throw error;
  });
}
