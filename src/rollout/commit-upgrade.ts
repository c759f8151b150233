import { commitFiles } from '../adapters/git-commit.js';
import {
  checkoutForce,
  checkoutNewBranch,
  commitAll,
  deleteBranch,
  discardChanges,
  setBranch,
} from '../adapters/git-branches.js';
import { listTrackedFiles } from '../adapters/git.js';
import { formatCli } from '../render/render-cli.js';
import { recoverInterruptedWrite } from '../state/repo-transaction.js';
import { readServiceState } from '../state/service-state.js';
import { upgradeWrites } from '../upgrade/apply-upgrade.js';
import { LOCAL_PATCH_GITIGNORE } from '../upgrade/local-patch.js';
import { writePlannedUpgrade, type UpgradeResult } from '../upgrade/upgrade-service.js';

type PlannedUpgrade = Extract<UpgradeResult, { kind: 'upgrade' }>;

/** What a rollout commits, and where: the branch starts at `head`, the default branch's tip. */
export interface RolloutCommit {
  dir: string;
  base: string;
  head: string;
  branch: string;
  /** The branch's tip before this run, put back if the commit fails. */
  localTip: string | null;
  message: string;
  planned: PlannedUpgrade;
  cliVersion: string;
  now?: Date;
}

/**
 * Commits the planned upgrade on the rollout branch; returns the commit. Straight into git
 * when it can (`commitFiles`); through the work tree when the lockfile must be refreshed (the
 * package manager needs the files) or `.gitattributes` may make git store other bytes.
 */
export async function commitRolloutUpgrade(input: RolloutCommit): Promise<string> {
  const { dir, planned } = input;
  const attributes = (await listTrackedFiles(dir)).paths.some((p) =>
    /(^|\/)\.gitattributes$/.test(p),
  );
  if (planned.lockfile?.status === 'planned' || attributes) return commitOnWorktree(input);
  const previous = (await readServiceState(dir)) ?? undefined;
  const { writes } = upgradeWrites(planned.plan, {
    cli: formatCli(planned.cli),
    now: input.now ?? new Date(),
    previous,
    // The patches' own .gitignore ignores itself: a commit through the work tree never held it.
    hasPatchIgnore: true,
  });
  return commitFiles(dir, {
    branch: input.branch,
    parent: input.head,
    message: input.message,
    files: writes.filter((w) => w.path !== LOCAL_PATCH_GITIGNORE.path),
  });
}

async function commitOnWorktree(input: RolloutCommit): Promise<string> {
  const { dir, base, branch, planned } = input;
  await checkoutNewBranch(dir, branch, input.head);
  try {
    // A run killed mid-write left its journal: the files go back before this one writes.
    await recoverInterruptedWrite(dir);
    const result = await writePlannedUpgrade(planned, {
      dir,
      cliVersion: input.cliVersion,
      ...(input.now && { now: input.now }),
    });
    const patches = result.kind === 'upgrade' ? (result.applied?.patches ?? []) : [];
    // A saved patch is git-ignored at a desk, but a rollout's merge request is the only place
    // the team can pick it up from, so the rollout commits it.
    const commit = await commitAll(dir, input.message, { alsoIgnored: patches });
    await checkoutForce(dir, base);
    return commit;
  } catch (error) {
    await discardChanges(dir);
    await checkoutForce(dir, base);
    if (input.localTip) await setBranch(dir, branch, input.localTip);
    else await deleteBranch(dir, branch);
    throw error;
  }
}
