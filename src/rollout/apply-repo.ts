import { ghReady, ghUpsertPullRequest } from '../adapters/gh.js';
import {
  fetchRemoteBranch,
  pushBranch,
  readRefs,
  sameTree,
  setBranch,
  showFile,
  worktreeStatus,
} from '../adapters/git-branches.js';
import { isValidBranchName, originUrl, resolveRef } from '../adapters/git.js';
import { UserError, errorMessage } from '../errors.js';
import { readServiceState, STATE_FILE } from '../state/service-state.js';
import { localPatchPath } from '../upgrade/local-patch.js';
import { planServiceUpgrade, type UpgradeResult } from '../upgrade/upgrade-service.js';
import { commitRolloutUpgrade } from './commit-upgrade.js';
import { detectForge, githubCompareUrl, gitlabPushOptions } from './forge.js';
import {
  mergeRequestText,
  rolloutBranch,
  rolloutCommitMessage,
  type MergeRequestResult,
  type RolloutEntry,
  type RolloutOptions,
} from './rollout-plan.js';

/** Rolls one repo out; never throws: a failure is an entry with its reason. */
export async function rolloutRepo(
  dir: string,
  repo: string,
  options: RolloutOptions,
): Promise<RolloutEntry> {
  try {
    return await rollout(dir, repo, options);
  } catch (error) {
    const hint = error instanceof UserError && error.hint ? ` ${error.hint}` : '';
    return { repo, status: 'failed', reason: `${errorMessage(error)}${hint}` };
  }
}

async function rollout(dir: string, repo: string, options: RolloutOptions): Promise<RolloutEntry> {
  if (!(await readServiceState(dir)))
    return { repo, status: 'not-adopted', reason: `no ${STATE_FILE}` };
  const clone = await checkRepoPreconditions(dir, options);
  // Planned once, on the default branch: the rollout branch starts from its clean tree.
  const planned = await planServiceUpgrade({
    dir,
    cwd: options.cwd,
    set: options.set,
    catalogs: options.catalogs,
    cliVersion: options.cliVersion,
    ...(options.to !== undefined && { to: options.to }),
    dryRun: true,
    worktreeChecked: true,
  });
  if (planned.kind === 'check') throw new Error('unreachable: a rollout never only checks');
  if (planned.kind === 'current')
    return {
      repo,
      status: 'current',
      template: planned.template,
      from: planned.current,
      to: planned.current,
    };
  const { plan } = planned;
  const branch = rolloutBranch(plan.to.id, plan.to.version, options.branch);
  if (!(await validBranchName(branch)))
    throw new UserError(
      'INPUT',
      `git refuses the branch name "${branch}"`,
      'Pick another --branch.',
    );
  const conflicts = plan.files.filter((f) => f.action === 'conflict').map((f) => f.path);
  const patches = plan.files
    .filter((f) => f.patch !== undefined)
    .map((f) => localPatchPath(f.path));
  const entry = {
    repo,
    template: plan.to.id,
    from: plan.from.version,
    to: plan.to.version,
    branch,
    conflicts,
    patches,
  };
  if (!options.apply)
    return { ...entry, status: conflicts.length > 0 ? 'would-conflict' : 'upgradable' };
  if (conflicts.length > 0 && options.onConflict === 'skip')
    return {
      ...entry,
      status: 'conflicts-skipped',
      reason: 'the upgrade leaves conflicts; --on-conflict push sends them with markers',
    };
  return applyOnBranch(dir, clone, entry, options, planned);
}

// Every repo of a rollout asks about the same one or two branch names.
const branchNames = new Map<string, Promise<boolean>>();
function validBranchName(name: string): Promise<boolean> {
  let valid = branchNames.get(name);
  if (!valid) branchNames.set(name, (valid = isValidBranchName(name)));
  return valid;
}

/** Where the clone stands: its default branch (checked out) and that branch's commit. */
interface Clone {
  base: string;
  head: string;
}

/** A clean clone on its default branch, with `origin` when pushing: or a reason why not. */
async function checkRepoPreconditions(dir: string, options: RolloutOptions): Promise<Clone> {
  // One status and one ref read answer what five git runs did: a fleet pays per process.
  const [status, refs] = await Promise.all([worktreeStatus(dir), readRefs(dir, [ORIGIN_HEAD])]);
  if (status.changes.length > 0)
    throw new UserError(
      'PRECONDITION',
      `the clone has uncommitted changes (${status.changes.length} path(s))`,
      'Commit or stash them first.',
    );
  const remoteHead = refs.get(ORIGIN_HEAD)?.target?.replace(/^refs\/remotes\/origin\//, '');
  const base = remoteHead ?? status.branch;
  const head = status.branch;
  if (base && head === base && !status.head)
    throw new UserError('PRECONDITION', `${base} has no commit yet`, 'Commit the service first.');
  if (!base || head !== base || !status.head)
    throw new UserError(
      'PRECONDITION',
      `checked out on ${head ?? 'a detached HEAD'}, not the default branch ${base ?? '(unknown)'}`,
      `Switch back with \`git switch ${base ?? 'main'}\`.`,
    );
  if (options.push && !(await originUrl(dir)))
    throw new UserError(
      'PRECONDITION',
      'no `origin` remote to push to',
      'Add one with `git remote add origin <url>`.',
    );
  return { base, head: status.head };
}

const ORIGIN_HEAD = 'refs/remotes/origin/HEAD';

type PlannedUpgrade = Extract<UpgradeResult, { kind: 'upgrade' }>;

type Planned = Required<
  Pick<RolloutEntry, 'repo' | 'template' | 'from' | 'to' | 'branch' | 'conflicts' | 'patches'>
>;

async function applyOnBranch(
  dir: string,
  clone: Clone,
  entry: Planned,
  options: RolloutOptions,
  planned: PlannedUpgrade,
): Promise<RolloutEntry> {
  const { branch } = entry;
  const { base } = clone;
  const remoteTip =
    options.push && (await fetchRemoteBranch(dir, branch))
      ? await resolveRef(dir, `refs/remotes/origin/${branch}`)
      : null;
  const localTip = (await readRefs(dir, [`refs/heads/${branch}`])).get(`refs/heads/${branch}`);
  const previous = options.push ? remoteTip : (localTip?.commit ?? null);
  const now = await previousUpdate(dir, previous, entry.to);
  let commit = await commitRolloutUpgrade({
    dir,
    base,
    head: clone.head,
    branch,
    localTip: localTip?.commit ?? null,
    message: rolloutCommitMessage(
      entry.template,
      entry.from,
      entry.to,
      entry.conflicts,
      entry.patches,
    ),
    planned,
    cliVersion: options.cliVersion,
    ...(now && { now }),
  });
  const unchanged = previous !== null && (await sameTree(dir, commit, previous));
  if (unchanged) {
    await setBranch(dir, branch, previous);
    commit = previous;
  }
  const status = entry.conflicts.length > 0 ? 'conflicts' : unchanged ? 'unchanged' : 'upgraded';
  const done = { ...entry, status, commit } satisfies RolloutEntry;
  if (!options.push) return done;
  const mergeRequest = await publish(dir, base, done, { remoteTip, unchanged }, options);
  return { ...done, pushed: true, mergeRequest };
}

/** Pushes the branch and opens or updates its merge request the way the forge wants. */
async function publish(
  dir: string,
  base: string,
  entry: RolloutEntry & Planned,
  state: { remoteTip: string | null; unchanged: boolean },
  options: RolloutOptions,
): Promise<MergeRequestResult> {
  const remote = (await originUrl(dir))!;
  const forge = detectForge(remote, options.forge);
  const text = mergeRequestText(entry, base);
  if (!state.unchanged)
    await pushBranch(
      dir,
      entry.branch,
      state.remoteTip,
      forge === 'gitlab' ? gitlabPushOptions(text) : [],
    );
  if (forge === 'gitlab') return { forge, via: 'push-options' };
  if (forge === 'none') return { forge, via: 'none' };
  if (await ghReady(dir)) {
    const url = await ghUpsertPullRequest(dir, {
      base,
      branch: entry.branch,
      title: text.title,
      body: text.description,
      labels: text.labels,
    });
    return { forge, via: 'gh', url };
  }
  const url = githubCompareUrl(remote, base, entry.branch);
  return { forge, via: 'compare-url', ...(url && { url }) };
}

/**
 * The time the branch's earlier run recorded, when it was the same upgrade: the state file
 * then comes out byte for byte the same, so a second run finds nothing to push.
 */
async function previousUpdate(
  dir: string,
  tip: string | null,
  to: string,
): Promise<Date | undefined> {
  if (!tip) return undefined;
  const text = await showFile(dir, tip, STATE_FILE);
  try {
    const state = JSON.parse(text ?? '') as { template?: { version?: string }; updatedAt?: string };
    const time =
      state.template?.version === to && state.updatedAt ? new Date(state.updatedAt) : undefined;
    return time && !Number.isNaN(time.getTime()) ? time : undefined;
  } catch {
    return undefined;
  }
}
