import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { decodeFileName } from '../file-name-text.js';
import { readIndexPaths } from './git-index.js';

// git runs through node:child_process rather than execa: every drift check and upgrade spawns
// git, and execa's module graph cost more start-up time than the checks themselves.

export interface GitOptions {
  cwd: string;
  env?: Record<string, string>;
}

/**
 * Set on every git run: git never prompts (a command in CI must fail, not hang on a password
 * question), and only https, ssh, git and file transports work, so a URL a repo names cannot
 * run a program through `ext::` or a remote helper.
 */
const HARDENED_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ALLOW_PROTOCOL: 'https:ssh:git:file',
};

/** The environment every git run gets: the caller's, then the hardening above. */
export function gitEnv(env?: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...env, ...HARDENED_ENV };
}

interface GitRun {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git to completion; rejects only when it cannot run (not found, killed, huge output). */
function runGit(args: string[], { cwd, env }: Partial<GitOptions> = {}): Promise<GitRun> {
  // Loaded on the first run, not at import: a create without git never needs child_process.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        ...(cwd !== undefined && { cwd }),
        env: gitEnv(env),
        encoding: 'buffer',
        maxBuffer: 1024 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        // A non-zero exit carries a numeric code; anything else means git never finished.
        if (error && typeof error.code !== 'number')
          return reject(gitMissing(error, cwd) ?? new Error(error.message, { cause: error }));
        const exitCode = error ? Number(error.code) : 0;
        resolve({ exitCode, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

// A spawn ENOENT means git is not on PATH, unless the folder it was to run in is gone.
function gitMissing(error: { code?: unknown }, cwd: string | undefined): UserError | undefined {
  if (error.code !== 'ENOENT' || (cwd !== undefined && !existsSync(cwd))) return undefined;
  return new UserError(
    'ENVIRONMENT',
    'git is not installed or not on PATH',
    'Install git (https://git-scm.com/downloads) and make sure `git --version` works in this shell.',
  );
}

const text = (run: GitRun) => run.stdout.toString('utf8').replace(/\r?\n$/, '');

/** Runs git and returns its trimmed stdout; throws with git's stderr on failure. */
export async function git(args: string[], options: GitOptions): Promise<string> {
  const run = await runGit(args, options);
  if (run.exitCode !== 0)
    throw new Error(`git ${args[0]} failed (exit ${run.exitCode}): ${run.stderr.trim()}`);
  return text(run);
}

/** Like `git`, but answers null instead of throwing. */
export async function tryGit(args: string[], options: GitOptions): Promise<string | null> {
  const run = await runGit(args, options);
  return run.exitCode === 0 ? text(run) : null;
}

/** True when `dir` is inside a git work tree. */
export async function isInsideWorkTree(dir: string): Promise<boolean> {
  return (await tryGit(['rev-parse', '--is-inside-work-tree'], { cwd: dir })) === 'true';
}

/** `git init`, then one commit of everything in the folder but installed packages. */
export async function initAndCommit(dir: string, message: string): Promise<void> {
  await git(['init', '--quiet'], { cwd: dir });
  // The install ran first; a template without a .gitignore must still not commit node_modules.
  await git(['add', '--all', '--', '.', ':(exclude,glob)**/node_modules/**'], { cwd: dir });
  await git(['commit', '--quiet', '--no-verify', '-m', message], { cwd: dir });
}

/** What git tracks in a work tree: UTF-8 paths, and the names that are not UTF-8, escaped. */
export interface TrackedFiles {
  paths: string[];
  /** Shown with `\xNN` for the bytes that are not UTF-8; such a name opens no file. */
  undecodable: string[];
}

/** Paths git tracks in the work tree, relative to `dir`, read as bytes (`-z`, never quoted). */
export async function listTrackedFiles(dir: string): Promise<TrackedFiles> {
  // Read from the index when it is the plain kind: a fleet check would start git per repo.
  const fromIndex = readIndexPaths(dir);
  if (fromIndex) return { paths: fromIndex, undecodable: [] };
  const run = await runGit(['ls-files', '-z'], { cwd: dir });
  if (run.exitCode !== 0)
    throw new Error(`git ls-files failed (exit ${run.exitCode}): ${run.stderr.trim()}`);
  // The usual case, every name UTF-8, is one decode; a bad name is then found name by name.
  if (isUtf8(run.stdout))
    return { paths: run.stdout.toString('utf8').split('\0').filter(Boolean), undecodable: [] };
  const tracked: TrackedFiles = { paths: [], undecodable: [] };
  let start = 0;
  for (let end = run.stdout.indexOf(0); end !== -1; end = run.stdout.indexOf(0, start)) {
    if (end > start) {
      const name = decodeFileName(run.stdout.subarray(start, end));
      (name.valid ? tracked.paths : tracked.undecodable).push(name.text);
    }
    start = end + 1;
  }
  return tracked;
}

/** The result of `git merge-file -p`: the merged bytes and how many conflicts were left. */
export interface FileMerge {
  content: Buffer;
  conflicts: number;
}

/**
 * 3-way merges three files with `git merge-file -p`, writing nothing but stdout. The labels
 * name the sides in the conflict markers: ours (local), base, theirs.
 */
export async function mergeFile(
  files: { ours: string; base: string; theirs: string },
  labels: { ours: string; base: string; theirs: string },
): Promise<FileMerge> {
  const args = ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs];
  const run = await runGit([...args, '--', files.ours, files.base, files.theirs]);
  // merge-file exits with the number of conflicts (capped at 127); above that is a failure.
  if (run.exitCode < 0 || run.exitCode > 127)
    throw new Error(`git merge-file failed: ${run.stderr}`);
  return { content: run.stdout, conflicts: run.exitCode };
}

/**
 * `git status --porcelain` limited to `dir` (or to `paths` in it): modified, staged and
 * untracked-not-ignored paths.
 */
export async function statusPorcelain(dir: string, paths: string[] = ['.']): Promise<string[]> {
  const args = ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths];
  const out = await git(args, { cwd: dir });
  return out.split('\0').filter(Boolean);
}

/** Paths under `dir` with unmerged index entries: a merge, rebase or stash pop left halfway. */
export async function unmergedPaths(dir: string): Promise<string[]> {
  const out = await git(['ls-files', '-u', '-z', '--', '.'], { cwd: dir });
  const paths = out
    .split('\0')
    .filter(Boolean)
    .map((entry) => entry.slice(entry.indexOf('\t') + 1));
  return [...new Set(paths)].sort();
}

/**
 * A unified diff between two paths relative to `cwd`, printed without the a/ b/ prefixes, so
 * laying the files out as `a/<file>` and `b/<file>` gives a patch `git apply` takes. Empty
 * when they are equal.
 */
export async function diffNoIndex(cwd: string, before: string, after: string): Promise<string> {
  const run = await runGit(
    [
      'diff',
      '--no-index',
      '--no-color',
      '--no-ext-diff',
      '--no-prefix',
      '--binary',
      '--',
      before,
      after,
    ],
    { cwd },
  );
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`git diff failed: ${run.stderr}`);
  return run.stdout.toString('utf8');
}

/** Stages exactly `paths` (additions, changes and removals) and commits only them. */
export async function commitPaths(dir: string, paths: string[], message: string): Promise<string> {
  await git(['add', '--all', '--', ...paths], { cwd: dir });
  await git(['commit', '--quiet', '-m', message, '--', ...paths], { cwd: dir });
  return git(['rev-parse', 'HEAD'], { cwd: dir });
}

/** The absolute path of `name` inside the repo's git folder (worktrees included). */
export async function gitPath(dir: string, name: string): Promise<string> {
  const out = await git(['rev-parse', '--path-format=absolute', '--git-path', name], { cwd: dir });
  return out;
}

/** The URL of `origin`, or null when the repo has none. */
export async function originUrl(dir: string): Promise<string | null> {
  return tryGit(['remote', 'get-url', 'origin'], { cwd: dir });
}

/** True when git accepts `name` as a branch name (`git check-ref-format --branch`). */
export async function isValidBranchName(name: string): Promise<boolean> {
  const run = await runGit(['check-ref-format', '--branch', name]);
  return run.exitCode === 0 && !name.startsWith('-');
}

/** The commit a ref points at, or null when there is no such ref. */
export async function resolveRef(dir: string, ref: string): Promise<string | null> {
  return tryGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: dir });
}

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
