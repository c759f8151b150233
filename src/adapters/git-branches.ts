// The rollout's git: clones, fetches, leased pushes and branch moves in a service repo, each
// one git run through the adapter in git.ts.
import { git, runGit, tryGit } from './git.js';

/** `git clone --depth 1`; rejects with git's last line when the URL cannot be cloned. */
export async function shallowClone(url: string, into: string): Promise<void> {
  const run = await runGit(['clone', '--quiet', '--depth', '1', '--no-tags', '--', url, into]);
  if (run.exitCode !== 0)
    throw new Error(lastLine(run.stderr) ?? `git clone exited ${run.exitCode}`);
}

/** Fetches `origin`'s branch into `refs/remotes/origin/<branch>`; false when it has none. */
export async function fetchRemoteBranch(dir: string, branch: string): Promise<boolean> {
  const refspec = `+refs/heads/${branch}:refs/remotes/origin/${branch}`;
  const shallow = (await tryGit(['rev-parse', '--is-shallow-repository'], { cwd: dir })) === 'true';
  const args = ['fetch', '--quiet', '--no-tags', ...(shallow ? ['--depth', '2'] : []), 'origin'];
  const run = await runGit([...args, refspec], { cwd: dir });
  return run.exitCode === 0;
}

/** Pushes `branch` to `origin`, replacing only the tip we saw (`expected`, or none). */
export async function pushBranch(
  dir: string,
  branch: string,
  expected: string | null,
  pushOptions: string[] = [],
): Promise<void> {
  const lease = `--force-with-lease=refs/heads/${branch}:${expected ?? ''}`;
  const options = pushOptions.flatMap((o) => ['-o', o]);
  const run = await runGit(
    [
      'push',
      '--quiet',
      '--porcelain',
      lease,
      ...options,
      'origin',
      `refs/heads/${branch}:refs/heads/${branch}`,
    ],
    { cwd: dir },
  );
  if (run.exitCode !== 0)
    throw new Error(lastLine(run.stderr) ?? `git push exited ${run.exitCode}`);
}

/** Checks out `branch`, forced; the caller has made sure nothing uncommitted is lost. */
export async function checkoutForce(dir: string, branch: string): Promise<void> {
  await git(['checkout', '--quiet', '--force', branch], { cwd: dir });
}

/** Points `branch` at `commit` (creating it) and checks it out. */
export async function checkoutNewBranch(
  dir: string,
  branch: string,
  commit: string,
): Promise<void> {
  await git(['checkout', '--quiet', '--force', '-B', branch, commit], { cwd: dir });
}

/** Drops every uncommitted change and untracked (not ignored) file: after a failed rollout. */
export async function discardChanges(dir: string): Promise<void> {
  await git(['reset', '--quiet', '--hard'], { cwd: dir });
  await git(['clean', '--quiet', '-fd'], { cwd: dir });
}

/** Stages everything (and the named ignored files) and commits; returns the new commit. */
export async function commitAll(
  dir: string,
  message: string,
  { alsoIgnored = [] }: { alsoIgnored?: string[] } = {},
): Promise<string> {
  await git(['add', '--all'], { cwd: dir });
  if (alsoIgnored.length > 0) await git(['add', '--force', '--', ...alsoIgnored], { cwd: dir });
  // No `git maintenance --auto` after each of a fleet's commits: one more process per repo.
  const commit = ['-c', 'maintenance.auto=false', 'commit', '--quiet', '--no-verify'];
  await git([...commit, '--allow-empty', '-m', message], { cwd: dir });
  return git(['rev-parse', 'HEAD'], { cwd: dir });
}

/** Points an existing branch at `commit` without touching the work tree (not checked out). */
export async function setBranch(dir: string, branch: string, commit: string): Promise<void> {
  await git(['branch', '--force', branch, commit], { cwd: dir });
}

/** Deletes a local branch that is not checked out. */
export async function deleteBranch(dir: string, branch: string): Promise<void> {
  await git(['branch', '--quiet', '-D', branch], { cwd: dir });
}

/** The file at `ref:path`, or null. */
export async function showFile(dir: string, ref: string, file: string): Promise<string | null> {
  return tryGit(['show', `${ref}:${file}`], { cwd: dir });
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
}

/** True when two commits hold the same tree: a rollout that would change nothing. */
export async function sameTree(dir: string, a: string, b: string): Promise<boolean> {
  const trees = await tryGit(['rev-parse', `${a}^{tree}`, `${b}^{tree}`], { cwd: dir });
  const [x, y] = trees?.split('\n') ?? [];
  return x !== undefined && x === y;
}

/** One `git status` of a work tree: the branch checked out, its commit and what is uncommitted. */
export interface WorktreeStatus {
  /** null on a detached HEAD. */
  branch: string | null;
  /** null before the first commit. */
  head: string | null;
  /** Changed, staged, unmerged and untracked-not-ignored paths below `dir`. */
  changes: string[];
}

/**
 * `git status --porcelain=v2 --branch` limited to `dir`: one git run that answers what
 * `currentBranch`, `resolveRef(HEAD)` and `statusPorcelain` answer, for a fleet's many repos.
 */
export async function worktreeStatus(dir: string): Promise<WorktreeStatus> {
  const args = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--', '.'];
  const records = (await git(args, { cwd: dir })).split('\0').filter(Boolean);
  const header = (name: string) =>
    records.find((r) => r.startsWith(`# branch.${name} `))?.slice(`# branch.${name} `.length);
  const branch = header('head');
  const head = header('oid');
  // A rename's record is followed by a second one holding the original path.
  const changes: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.startsWith('#')) continue;
    changes.push(record);
    if (record.startsWith('2 ')) i++;
  }
  return {
    branch: branch === undefined || branch === '(detached)' ? null : branch,
    head: head === undefined || head === '(initial)' ? null : head,
    changes,
  };
}

/**
 * The commits of exact refs (branches, remote-tracking refs; symbolic refs give the ref they
 * point at) in one `git for-each-ref`; refs that do not exist are absent from the map.
 */
export async function readRefs(
  dir: string,
  refs: string[],
): Promise<Map<string, { commit: string; target?: string }>> {
  const format = '--format=%(refname)%00%(objectname)%00%(symref)';
  const out = await git(['for-each-ref', format, '--', ...refs], { cwd: dir });
  const wanted = new Set(refs);
  const found = new Map<string, { commit: string; target?: string }>();
  for (const line of out.split('\n')) {
    const [name, commit, target] = line.split('\0');
    // A pattern also matches the refs below it (refs/heads/a matches refs/heads/a/b).
    if (!name || !commit || !wanted.has(name)) continue;
    found.set(name, { commit, ...(target && { target }) });
  }
  return found;
}
