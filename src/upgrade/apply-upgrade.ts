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
} from '../state/service-state.js';
import { LOCAL_PATCH_GITIGNORE, localPatchPath } from './local-patch.js';
import { changesDisk, type UpgradePlan } from './plan-upgrade.js';

/** What an applied upgrade changed, relative to the service root. */
export interface AppliedUpgrade {
  written: string[];
  removed: string[];
  patches: string[];
  conflicts: string[];
}

/**
 * Writes a resolved plan into the service: results, local patches of replaced managed files,
 * then the state file, as one RepoTransaction. A failure, an interrupt or a SIGKILL (on the
 * next run) restores every file it had touched.
 */
export async function applyUpgrade(
  plan: UpgradePlan,
  dir: string,
  { cli, now }: { cli: string; now: Date },
): Promise<AppliedUpgrade> {
  const unresolved = plan.files.find((f) => f.result === undefined);
  if (unresolved) throw new Error(`applyUpgrade: ${unresolved.path} was never merged`);
  const previous = await readServiceState(dir);
  const applied: AppliedUpgrade = { written: [], removed: [], patches: [], conflicts: [] };
  const changing = plan.files.filter(changesDisk);
  const patched = plan.files.filter((f) => f.patch);
  const repo = new RepoFiles(dir);
  // The first saved patch brings the .gitignore that keeps every patch out of commits.
  const ignore = patched.length > 0 && !repo.exists(LOCAL_PATCH_GITIGNORE.path);
  const paths = [
    ...(ignore ? [LOCAL_PATCH_GITIGNORE.path] : []),
    ...patched.map((f) => localPatchPath(f.path)),
    ...changing.map((f) => f.path),
    STATE_FILE,
  ];
  const tx = RepoTransaction.begin(repo, await journalPath(dir), 'upgrade', paths);
  try {
    if (ignore) await tx.write(LOCAL_PATCH_GITIGNORE.path, LOCAL_PATCH_GITIGNORE.entry);
    for (const file of plan.files) {
      if (file.action === 'conflict') applied.conflicts.push(file.path);
      if (file.patch) {
        const patch = localPatchPath(file.path);
        await tx.write(patch, { kind: 'file', content: Buffer.from(file.patch), mode: 0o644 });
        applied.patches.push(patch);
      }
      if (!changesDisk(file)) continue;
      if (file.result) {
        await tx.write(file.path, file.result);
        applied.written.push(file.path);
      } else {
        await tx.remove(file.path);
        await removeEmptyParents(dir, file.path);
        applied.removed.push(file.path);
      }
    }
    const state = stateFromPlan(plan.target, cli, now, previous ?? undefined);
    await tx.write(STATE_FILE, {
      kind: 'file',
      content: Buffer.from(serializeState(state)),
      mode: 0o644,
    });
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
