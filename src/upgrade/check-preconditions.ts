import { lstat } from 'node:fs/promises';
import path from 'node:path';
import {
  filesWithConflictMarkers,
  isInsideWorkTree,
  statusPorcelain,
} from '../adapters/execa-git.js';
import { UserError } from '../errors.js';
import { readServiceState, STATE_FILE, type ServiceState } from '../state/service-state.js';

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
  const markers = await filesWithConflictMarkers(dir);
  if (markers.length > 0)
    throw new UserError(
      'PRECONDITION',
      `${markers.length} file(s) still hold unresolved conflict markers`,
      'Resolve the conflicts (search for <<<<<<<), commit, then run `platform upgrade` again.',
      markers,
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

/** Paths the plan writes that a folder (or a file where a folder must go) blocks: exit 2. */
export async function checkWritablePaths(dir: string, paths: string[]): Promise<void> {
  const blocked: string[] = [];
  for (const file of paths) {
    const stat = await lstat(path.join(dir, file)).catch(() => null);
    if (stat?.isDirectory()) blocked.push(`${file} is a folder in the service`);
    for (let d = path.dirname(file); d !== '.'; d = path.dirname(d)) {
      const parent = await lstat(path.join(dir, d)).catch(() => null);
      if (parent && !parent.isDirectory())
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
}
