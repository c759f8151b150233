import { accessSync, constants, lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { userErrorFromSystem } from '../system-error.js';

export interface TargetStatus {
  exists: boolean;
}

/**
 * Checks, before any write, that `paths` can be written into `target`: the target is a folder
 * (or absent), empty unless `force`, no existing file would be overwritten, and no existing
 * symlink in the target would carry a write outside it. Synchronous calls: a handful of stats,
 * each cheaper than a thread-pool round trip.
 */
export function checkTarget(
  target: string,
  paths: string[],
  force: boolean,
): Promise<TargetStatus> {
  // A throw inside the executor rejects the promise, as an async function's would.
  return new Promise((resolve) => resolve(check(target, paths, force)));
}

function check(target: string, paths: string[], force: boolean): TargetStatus {
  let stat: Stats | undefined;
  try {
    stat = lstatSync(target, { throwIfNoEntry: false });
  } catch (error) {
    throw targetError(target, error as NodeJS.ErrnoException);
  }
  if (!stat) {
    assertWritableParent(target);
    return { exists: false };
  }
  if (!stat.isDirectory())
    throw new UserError(
      'TARGET',
      `${target} exists and is not a folder`,
      'Choose another directory name.',
    );
  const entries = readdirSync(target);
  if (entries.length === 0) return { exists: true };
  if (!force)
    throw new UserError(
      'TARGET',
      `${target} is not empty`,
      'Choose an empty or new directory, or pass --force to add the service to this one (nothing is overwritten).',
    );
  const clashes: string[] = [];
  const root = realpathSync.native(target);
  for (const file of paths) {
    if (lstatOrNull(path.join(target, file))) clashes.push(file);
    assertNoEscapingLink(root, file);
  }
  if (clashes.length > 0)
    throw new UserError(
      'TARGET',
      `--force never overwrites, and ${clashes.length} file(s) the template writes already exist in ${target}`,
      'Move or delete them, then run the command again.',
      clashes.sort(),
    );
  return { exists: true };
}

// Where the target cannot exist at all, say so before anything is rendered.
function targetError(target: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOTDIR')
    return new UserError(
      'TARGET',
      `${target} cannot be created: a folder above it is a file`,
      'Choose a directory whose parent folders are folders.',
    );
  return userErrorFromSystem(error) ?? error;
}

// The staging folder is created next to the target, so its nearest existing parent must be
// writable (a read-only disk or a folder of another user is refused before any write).
function assertWritableParent(target: string): void {
  let dir = path.dirname(target);
  while (!lstatOrNull(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw targetError(dir, error as NodeJS.ErrnoException);
  }
}

function assertNoEscapingLink(root: string, file: string): void {
  const segments = file.split('/').slice(0, -1);
  for (let i = 1; i <= segments.length; i++) {
    const dir = path.join(root, ...segments.slice(0, i));
    const stat = lstatOrNull(dir);
    if (!stat) return;
    if (!stat.isSymbolicLink()) continue;
    let real: string | null = null;
    try {
      real = realpathSync.native(dir);
    } catch {
      // A dangling link leads nowhere safe either.
    }
    if (!real || (real !== root && !real.startsWith(root + path.sep)))
      throw new UserError(
        'UNSAFE_PATH',
        `${segments.slice(0, i).join('/')} in the target is a link that leads out of it`,
        `Remove the link; ${file} would be written through it.`,
      );
  }
}

// Any failure to stat (missing, a file in the way, no permission) reads as "nothing there".
function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
