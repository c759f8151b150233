import { readdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { RepoFiles } from '../state/repo-files.js';
import { journalPath } from '../state/repo-journal.js';
import { RepoTransaction } from '../state/repo-transaction.js';
import {
  readServiceState,
  serializeState,
  stateFromPlan,
  STATE_FILE,
  type ServiceState,
} from '../state/service-state.js';
import type { FileVersion } from './file-map.js';
import { LOCAL_PATCH_GITIGNORE, localPatchPath } from './local-patch.js';
import { changesDisk, type UpgradePlan } from './plan-upgrade.js';

/** What an applied upgrade changed, relative to the service root. */
export interface AppliedUpgrade {
  written: string[];
  removed: string[];
  patches: string[];
  conflicts: string[];
}

/** One write of an applied upgrade: the bytes `path` gets, or null when it is removed. */
export interface UpgradeWrite {
  path: string;
  version: FileVersion | null;
}

/**
 * Every write an upgrade makes, in order: the patches' .gitignore (the first saved patch
 * brings it), local patches of replaced managed files, the results, then the state file.
 * Pure: the work tree (`applyUpgrade`) and a rollout's commit (`commitFiles`) both take it.
 */
export function upgradeWrites(
  plan: UpgradePlan,
  input: { cli: string; now: Date; previous?: ServiceState; hasPatchIgnore: boolean },
): { writes: UpgradeWrite[]; applied: AppliedUpgrade } {
  const unresolved = plan.files.find((f) => f.result === undefined);
  if (unresolved) throw new Error(`applyUpgrade: ${unresolved.path} was never merged`);
  const applied: AppliedUpgrade = { written: [], removed: [], patches: [], conflicts: [] };
  const writes: UpgradeWrite[] = [];
  if (!input.hasPatchIgnore && plan.files.some((f) => f.patch))
    writes.push({ path: LOCAL_PATCH_GITIGNORE.path, version: LOCAL_PATCH_GITIGNORE.entry });
  for (const file of plan.files) {
    if (file.action === 'conflict') applied.conflicts.push(file.path);
    if (file.patch) {
      const patch = localPatchPath(file.path);
      writes.push({ path: patch, version: text(file.patch) });
      applied.patches.push(patch);
    }
    if (!changesDisk(file)) continue;
    writes.push({ path: file.path, version: file.result ?? null });
    (file.result ? applied.written : applied.removed).push(file.path);
  }
  const state = stateFromPlan(plan.target, input.cli, input.now, input.previous);
  writes.push({ path: STATE_FILE, version: text(serializeState(state)) });
  return { writes, applied };
}

const text = (content: string): FileVersion => ({
  kind: 'file',
  content: Buffer.from(content),
  mode: 0o644,
});

/**
 * Writes a resolved plan into the service (`upgradeWrites`) as one RepoTransaction. A
 * failure, an interrupt or a SIGKILL (on the next run) restores every file it had touched.
 */
export async function applyUpgrade(
  plan: UpgradePlan,
  dir: string,
  { cli, now }: { cli: string; now: Date },
): Promise<AppliedUpgrade> {
  const repo = new RepoFiles(dir);
  const previous = (await readServiceState(dir)) ?? undefined;
  const hasPatchIgnore = repo.exists(LOCAL_PATCH_GITIGNORE.path);
  const { writes, applied } = upgradeWrites(plan, { cli, now, previous, hasPatchIgnore });
  const paths = writes.map((w) => w.path);
  const tx = RepoTransaction.begin(repo, await journalPath(dir), 'upgrade', paths);
  try {
    for (const { path: file, version } of writes) {
      if (version) await tx.write(file, version);
      else {
        await tx.remove(file);
        await removeEmptyParents(dir, file);
      }
    }
  } catch (error) {
    tx.fail(error);
  }
  tx.finish();
  return applied;
}

async function removeEmptyParents(dir: string, file: string) {
  for (let d = path.dirname(file); d !== '.'; d = path.dirname(d)) {
    const full = path.join(dir, d);
    if ((await readdir(full).catch(() => ['?'])).length > 0) return;
    await rmdir(full);
  }
}
