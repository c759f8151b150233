import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OWNERS } from '../catalog/owners.js';
import { UserError } from '../errors.js';
import type { RenderPlan } from '../render/plan-render.js';
import { readRepoDataFile, RepoFiles } from './repo-files.js';
import { describeIssues } from '../zod-issues.js';
import * as z from '../zod-mini.js';

import { isProjectId, STATE_FILE } from './state-project-id.js';

export { STATE_FILE };

// Built on first use: a render writes the state file and never reads one.
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
export function readServiceState(repoDir: string): Promise<ServiceState | null> {
  // A throw inside the executor rejects, as an async function's would.
  return new Promise((resolve) => {
    const text = readRepoDataFile(new RepoFiles(repoDir), STATE_FILE);
    resolve(text === null ? null : parseServiceState(text));
  });
}

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
