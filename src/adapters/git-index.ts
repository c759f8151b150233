import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

// `check --fleet` lists the tracked files of every repo. Starting `git ls-files` per repo costs
// more than the check itself on a busy machine (the spawn blocks the event loop until the
// child runs), so the index is read here when it is the plain kind; anything unusual (split or
// sparse index, another user's repo, core.worktree, git variables that move the repo, a file
// that does not parse) answers null and the caller asks git. Only bytes are read: no repo code
// runs, and every loop is bounded by the file's size.

/** Above this, the index is left to git. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;
/** The fixed part of an entry before the object id: ctime, mtime, dev, ino, mode, uid, gid, size. */
const STAT_BYTES = 40;
const MOVING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR'];

/**
 * The paths `git ls-files -z` prints in `dir` (relative to it, unmerged stages repeated), read
 * from the index; null when git must answer instead.
 */
export function readIndexPaths(dir: string, env: NodeJS.ProcessEnv = process.env): string[] | null {
  if (MOVING_VARIABLES.some((name) => env[name] !== undefined)) return null;
  const found = findGitDir(path.resolve(dir));
  if (!found) return null;
  const { gitDir, top } = found;
  if (!ownedByUs(gitDir) || !ownedByUs(top) || movesWorktree(gitDir)) return null;
  const index = readBounded(path.join(gitDir, 'index'));
  if (index === 'missing') return [];
  if (!index) return null;
  const paths = parseIndex(index);
  if (!paths) return null;
  const prefix = path.relative(top, path.resolve(dir)).split(path.sep).join('/');
  if (prefix === '') return paths;
  if (prefix.startsWith('..')) return null;
  return paths.filter((p) => p.startsWith(`${prefix}/`)).map((p) => p.slice(prefix.length + 1));
}

/** The git folder of the work tree holding `dir`, as git finds it: `.git` or a `gitdir:` file. */
function findGitDir(dir: string): { gitDir: string; top: string } | null {
  for (let current = dir; ; current = path.dirname(current)) {
    const dotGit = path.join(current, '.git');
    const stat = lstatSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return { gitDir: dotGit, top: current };
    if (stat?.isFile()) {
      const text = readBounded(dotGit, 4096);
      const match = Buffer.isBuffer(text) && /^gitdir: (.+?)\r?\n?$/.exec(text.toString('utf8'));
      return match ? { gitDir: path.resolve(current, match[1]!), top: current } : null;
    }
    if (stat) return null;
    if (path.dirname(current) === current) return null;
  }
}

// git refuses a repo another user owns (safe.directory); so does the fallback, with its message.
function ownedByUs(folder: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  return lstatSync(folder, { throwIfNoEntry: false })?.uid === uid;
}

function movesWorktree(gitDir: string): boolean {
  const config = readBounded(path.join(gitDir, 'config'), 1024 * 1024);
  if (config === 'missing') return false;
  if (!config) return true;
  const text = config.toString('utf8');
  return /^\s*worktree\s*=/im.test(text) || /^\s*bare\s*=\s*(true|yes|on|1)\s*$/im.test(text);
}

function readBounded(file: string, max = MAX_INDEX_BYTES): Buffer | 'missing' | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > max) return null;
    return readFileSync(fd);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The entries' paths of an index (versions 2 to 4), or null when it does not parse. */
export function parseIndex(index: Buffer): string[] | null {
  if (index.length < 12 || index.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = index.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  // SHA-1 or SHA-256 repos: the one whose entries and extensions end at the checksum.
  for (const hashBytes of [20, 32]) {
    const paths = parseEntries(index, version, hashBytes);
    if (paths) return paths;
  }
  return null;
}

function parseEntries(index: Buffer, version: number, hashBytes: number): string[] | null {
  const count = index.readUInt32BE(8);
  const end = index.length - hashBytes;
  const paths: string[] = [];
  let offset = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const flagsAt = offset + STAT_BYTES + hashBytes;
    if (flagsAt + 2 > end) return null;
    const flags = index.readUInt16BE(flagsAt);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) return null;
    const nameAt = flagsAt + 2 + (extended ? 2 : 0);
    let name: Buffer;
    if (version === 4) {
      const strip = readVarint(index, nameAt, end);
      if (!strip || strip.value > previous.length) return null;
      const nul = index.indexOf(0, strip.next);
      if (nul < 0 || nul >= end) return null;
      name = Buffer.concat([
        previous.subarray(0, previous.length - strip.value),
        index.subarray(strip.next, nul),
      ]);
      offset = nul + 1;
    } else {
      const nul = index.indexOf(0, nameAt);
      if (nul < 0 || nul >= end) return null;
      name = index.subarray(nameAt, nul);
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
      offset = offset + ((nameAt - offset + name.length + 8) & ~7);
    }
    // A name that is not UTF-8 is git's to list (it is reported escaped, never opened).
    if (offset > end || name.length === 0 || !isUtf8(name)) return null;
    paths.push(name.toString('utf8'));
    previous = name;
  }
  return extensionsEndAt(index, offset, end) ? paths : null;
}

// A split index (`link`) names its entries elsewhere; a sparse one (`sdir`) folds folders.
function extensionsEndAt(index: Buffer, start: number, end: number): boolean {
  let offset = start;
  while (offset < end) {
    if (offset + 8 > end) return false;
    const signature = index.toString('latin1', offset, offset + 4);
    if (signature === 'link' || signature === 'sdir') return false;
    offset += 8 + index.readUInt32BE(offset + 4);
  }
  return offset === end;
}

/** git's offset varint (varint.c): each continuation adds one before shifting. */
function readVarint(
  buffer: Buffer,
  at: number,
  end: number,
): { value: number; next: number } | null {
  let offset = at;
  if (offset >= end) return null;
  let byte = buffer[offset++]!;
  let value = byte & 127;
  while (byte & 128) {
    if (offset >= end || value > 0xffffff) return null;
    byte = buffer[offset++]!;
    value = ((value + 1) << 7) | (byte & 127);
  }
  return { value, next: offset };
}
