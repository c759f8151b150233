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

/**
 * Config every git run gets, with the precedence of `-c`: a repo's own `.git/config` is not
 * cloned, but a repo folder copied from elsewhere keeps it, and `core.fsmonitor` there names a
 * program that `git status` runs (an upgrade's dry run included). It only makes status faster.
 */
const HARDENED_CONFIG: [string, string][] = [['core.fsmonitor', 'false']];

/** The environment every git run gets: the caller's, then the hardening above. */
export function gitEnv(env?: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env, ...HARDENED_ENV };
  // After any config the caller's environment already gives git the same way.
  const given = merged.GIT_CONFIG_COUNT;
  let count = given !== undefined && /^\d{1,4}$/.test(given) ? Number(given) : 0;
  for (const [key, value] of HARDENED_CONFIG) {
    merged[`GIT_CONFIG_KEY_${count}`] = key;
    merged[`GIT_CONFIG_VALUE_${count++}`] = value;
  }
  merged.GIT_CONFIG_COUNT = String(count);
  return merged;
}

/** What one git run gave; for the adapters beside this one. */
export interface GitRun {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git to completion; rejects only when it cannot run (not found, killed, huge output). */
export function runGit(args: string[], { cwd, env }: Partial<GitOptions> = {}): Promise<GitRun> {
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
