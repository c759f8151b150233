import { constants } from 'node:fs';
import { access, lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { userErrorFromSystem } from '../system-error.js';

export interface TargetStatus {
  exists: boolean;
}

/**
 * Checks, before any write, that `paths` can be written into `target`: the target is a folder
 * (or absent), empty unless `force`, no existing file would be overwritten, and no existing
 * symlink in the target would carry a write outside it.
 */
export async function checkTarget(
  target: string,
  paths: string[],
  force: boolean,
): Promise<TargetStatus> {
  const stat = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw targetError(target, error);
  });
  if (!stat) {
    await assertWritableParent(target);
    return { exists: false };
  }
  if (!stat.isDirectory())
    throw new UserError(
      'TARGET',
      `${target} exists and is not a folder`,
      'Choose another directory name.',
    );
  const entries = await readdir(target);
  if (entries.length === 0) return { exists: true };
  if (!force)
    throw new UserError(
      'TARGET',
      `${target} is not empty`,
      'Choose an empty or new directory, or pass --force to add the service to this one (nothing is overwritten).',
    );
  const clashes: string[] = [];
  const root = await realpath(target);
  for (const file of paths) {
    if (await lstat(path.join(target, file)).catch(() => null)) clashes.push(file);
    await assertNoEscapingLink(root, file);
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
async function assertWritableParent(target: string): Promise<void> {
  let dir = path.dirname(target);
  while (!(await lstat(dir).catch(() => null)) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  await access(dir, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw targetError(dir, error);
  });
}

async function assertNoEscapingLink(root: string, file: string): Promise<void> {
  const segments = file.split('/').slice(0, -1);
  for (let i = 1; i <= segments.length; i++) {
    const dir = path.join(root, ...segments.slice(0, i));
    const stat = await lstat(dir).catch(() => null);
    if (!stat) return;
    if (!stat.isSymbolicLink()) continue;
    const real = await realpath(dir).catch(() => null);
    if (!real || (real !== root && !real.startsWith(root + path.sep)))
      throw new UserError(
        'UNSAFE_PATH',
        `${segments.slice(0, i).join('/')} in the target is a link that leads out of it`,
        `Remove the link; ${file} would be written through it.`,
      );
  }
}
