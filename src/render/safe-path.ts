import path from 'node:path';

/**
 * Why a rendered path is unsafe, or null when it is a plain relative path that stays inside the
 * target and does not touch the folders the CLI itself owns.
 */
export function unsafePathReason(relative: string): string | null {
  if (relative.length === 0) return 'the path is empty';
  if (relative.includes('\0')) return 'the path contains a NUL byte';
  if (relative.includes('\\')) return 'the path contains a backslash';
  if (path.posix.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) return 'the path is absolute';
  const segments = relative.split('/');
  if (segments.some((s) => s === '..')) return 'the path leads out of the target with ".."';
  if (segments.some((s) => s === '' || s === '.')) return 'the path has an empty segment';
  if (segments[0] === '.git') return 'the path writes into .git/';
  if (relative === '.platform/service.json') return 'the path overwrites the state file';
  return null;
}

/** Why a symlink at `relative` pointing at `target` is unsafe, or null when it stays inside. */
export function unsafeLinkReason(relative: string, target: string): string | null {
  if (path.posix.isAbsolute(target) || /^[A-Za-z]:/.test(target))
    return `the link points at the absolute path ${target}`;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(relative), target));
  if (resolved === '..' || resolved.startsWith('../'))
    return `the link ${target} leads out of the target`;
  return null;
}
