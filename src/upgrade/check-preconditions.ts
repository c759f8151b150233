import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { isInsideWorkTree, statusPorcelain, unmergedPaths } from '../adapters/git.js';
import { UserError } from '../errors.js';
import { RepoFiles } from '../state/repo-files.js';
import { readServiceState, STATE_FILE, type ServiceState } from '../state/service-state.js';
import { hasConflictMarkers } from './file-map.js';
import type { FileDecision } from './plan-upgrade.js';

/** The state file of the service at `dir`; its absence is exit 2 with the way out. */
export async function requireServiceState(dir: string): Promise<ServiceState> {
  const state = await readServiceState(dir);
  if (state) return state;
  throw new UserError(
    'PRECONDITION',
    `${path.join(dir, STATE_FILE)} does not exist, so this is not a service made from a template`,
    'Run the command in the service folder (or pass its path), or link this repo first with `platform adopt --template <id>`.',
  );
}

/** Git preconditions of an upgrade: a work tree, clean unless allowed, with no conflicts left. */
export async function checkWorktree(
  dir: string,
  { allowDirty }: { allowDirty: boolean },
): Promise<void> {
  if (!(await isInsideWorkTree(dir)))
    throw new UserError(
      'PRECONDITION',
      `${dir} is not inside a git repository`,
      'Upgrades keep local work safe through git: run `git init && git add -A && git commit -m "Initial commit"` first.',
    );
  const unmerged = await unmergedPaths(dir);
  if (unmerged.length > 0)
    throw new UserError(
      'PRECONDITION',
      `${unmerged.length} file(s) are unmerged in git`,
      'Finish or abort the merge in progress (`git status` says which), then run `platform upgrade` again.',
      unmerged,
    );
  if (allowDirty) return;
  const dirty = await statusPorcelain(dir);
  if (dirty.length > 0)
    throw new UserError(
      'PRECONDITION',
      `The worktree has ${dirty.length} uncommitted change(s)`,
      'Commit or stash them first (`git stash -u`), so the upgrade can be reviewed on its own; or pass --allow-dirty.',
      dirty.slice(0, 20).map((line) => line.slice(3) + ` (${line.slice(0, 2).trim() || '?'})`),
    );
}

/**
 * Paths the plan writes that a folder (or a file where a folder must go) blocks, and paths it
 * writes or deletes (`touched`) through a symlinked folder: exit 2, before any write.
 */
export async function checkWritablePaths(
  dir: string,
  paths: string[],
  touched: string[],
): Promise<void> {
  const blocked: string[] = [];
  for (const file of paths) {
    const stat = await lstat(path.join(dir, file)).catch(() => null);
    if (stat?.isDirectory()) blocked.push(`${file} is a folder in the service`);
    for (let d = path.dirname(file); d !== '.'; d = path.dirname(d)) {
      const parent = await lstat(path.join(dir, d)).catch(() => null);
      // A link is RepoFiles' to judge, below.
      if (parent && !parent.isDirectory() && !parent.isSymbolicLink())
        blocked.push(`${d} is a file, but ${file} goes inside it`);
    }
  }
  if (blocked.length > 0)
    throw new UserError(
      'PRECONDITION',
      `The new version writes ${blocked.length} path(s) the service uses differently`,
      'Move or rename them and commit, then run `platform upgrade` again.',
      blocked,
    );
  new RepoFiles(dir).assertWritable(touched, 'platform upgrade');
}

/**
 * Managed and merged files that still hold conflict markers, say from an earlier upgrade:
 * exit 2. Seeded files and files outside the template are never searched, so a team's test
 * fixture full of markers does not block an upgrade.
 */
export function checkConflictMarkers(files: FileDecision[]): void {
  const marked = files
    .filter((f) => f.owner !== 'seeded' && f.disk?.kind === 'file')
    .filter((f) => hasConflictMarkers(f.disk!.content))
    .map((f) => f.path);
  if (marked.length > 0)
    throw new UserError(
      'PRECONDITION',
      `${marked.length} file(s) still hold unresolved conflict markers`,
      'Resolve the conflicts (search for <<<<<<<), commit, then run `platform upgrade` again.',
      marked,
    );
}
