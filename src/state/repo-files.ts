import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/** Files above this size are never read from a repo: a service's own files are far smaller. */
export const MAX_REPO_FILE_BYTES = 32 * 1024 * 1024;

/** A file's bytes as a command reads, writes or restores them; a link's content is its target. */
export interface FileBytes {
  kind: 'file' | 'symlink';
  content: Buffer;
  mode: number;
}

/** One path of a repo as read without following a link at its end. */
export type RepoEntry =
  | { kind: 'file'; content: Buffer; mode: number }
  | { kind: 'symlink'; target: string }
  | { kind: 'too-large'; size: number };

// What a folder of the repo is, resolved once per folder: reads of a hundred files in one
// folder cost one lstat of each segment, not one per file.
type Folder =
  | { kind: 'dir' | 'missing'; viaLink: string | null }
  | { kind: 'out'; reason: string }
  | { kind: 'not-folder'; at: string };

// O_NONBLOCK keeps a FIFO committed under a managed name from hanging a read.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * The one way into a repo under check: every path is relative to the repo root, every folder
 * on the way is `lstat`ed, and no link that leads out of the repo is followed, for reading or
 * writing. A link at the end of a path is read as a link, never followed.
 */
export class RepoFiles {
  readonly root: string;
  private realRoot: string | undefined;
  private readonly folders = new Map<string, Folder>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The absolute path of a repo-relative path (no check: use the read and write checks). */
  full(rel: string): string {
    return path.join(this.root, rel);
  }

  /** Why `rel` must not be read, or null: a path that leaves the repo, or a folder link out. */
  readBlock(rel: string): string | null {
    const bad = badRelative(rel);
    if (bad) return `${rel}: ${bad}`;
    const folder = this.folder(path.posix.dirname(rel));
    return folder.kind === 'out' ? `${rel}: ${folder.reason}` : null;
  }

  /** Why `rel` must not be written or deleted, or null: any symlinked folder on the way. */
  writeBlock(rel: string): string | null {
    const blocked = this.readBlock(rel);
    if (blocked) return blocked;
    const folder = this.folder(path.posix.dirname(rel));
    if (folder.kind === 'not-folder') return `${folder.at} is a file, but ${rel} goes inside it`;
    if (folder.kind !== 'out' && folder.viaLink)
      return `${rel}: ${folder.viaLink} is a link to a folder, and nothing is written through links`;
    const stat = lstatSync(this.full(rel), { throwIfNoEntry: false });
    if (stat?.isDirectory()) return `${rel} is a folder in the repo`;
    return null;
  }

  /** Exit 2 naming every path in `rels` that may not be read. */
  assertReadable(rels: Iterable<string>, command: string): void {
    const blocked = [...rels].map((r) => this.readBlock(r)).filter((r): r is string => !!r);
    if (blocked.length > 0) throw linkError(blocked, command);
  }

  /** Exit 2 naming every path in `rels` that may not be written or deleted. */
  assertWritable(rels: Iterable<string>, command: string): void {
    const blocked = [...rels].map((r) => this.writeBlock(r)).filter((r): r is string => !!r);
    if (blocked.length > 0) throw linkError(blocked, command);
  }

  /**
   * The file or link at `rel`; null when it is absent, a folder or another kind of entry, or
   * when reading it would follow a link out of the repo (callers that must know ask
   * `readBlock` first).
   */
  read(rel: string, maxBytes = MAX_REPO_FILE_BYTES): RepoEntry | null {
    if (this.readBlock(rel)) return null;
    const folder = this.folder(path.posix.dirname(rel));
    if (folder.kind !== 'dir') return null;
    const full = this.full(rel);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (!stat) return null;
    if (stat.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(full, 'utf8') };
    if (!stat.isFile()) return null;
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    return readOpen(full, maxBytes);
  }

  /**
   * The bytes of the file or link at `rel` (a link's are its target), for a command that keeps
   * a copy; null when absent. A file above the size bound is exit 2.
   */
  readBytes(rel: string, command: string): FileBytes | null {
    const entry = this.read(rel);
    if (!entry) return null;
    if (entry.kind === 'symlink')
      return { kind: 'symlink', content: Buffer.from(entry.target), mode: 0o777 };
    if (entry.kind === 'too-large')
      throw new UserError(
        'INPUT',
        `${rel} is ${entry.size} bytes, too large for \`${command}\` to keep a copy`,
        'Move the file out of the paths the template manages, then run the command again.',
      );
    return entry;
  }

  /** Whether anything (a link included) sits at `rel`, without following a link out. */
  exists(rel: string): boolean {
    if (this.readBlock(rel) || this.folder(path.posix.dirname(rel)).kind !== 'dir') return false;
    return lstatSync(this.full(rel), { throwIfNoEntry: false }) !== undefined;
  }

  /** Forgets what is known about folders: a write may have created or replaced some. */
  forget(): void {
    this.folders.clear();
  }

  private folder(rel: string): Folder {
    if (rel === '.' || rel === '') return { kind: 'dir', viaLink: null };
    const known = this.folders.get(rel);
    if (known) return known;
    const parent = this.folder(path.posix.dirname(rel));
    const found = parent.kind === 'dir' ? this.lookFolder(rel, parent.viaLink) : parent;
    this.folders.set(rel, found);
    return found;
  }

  private lookFolder(rel: string, viaLink: string | null): Folder {
    const full = this.full(rel);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (!stat) return { kind: 'missing', viaLink };
    if (stat.isDirectory()) return { kind: 'dir', viaLink };
    if (!stat.isSymbolicLink()) return { kind: 'not-folder', at: rel };
    const target = readlinkSync(full, 'utf8');
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      return { kind: 'out', reason: `${rel} is a link to ${target}, which does not resolve` };
    }
    this.realRoot ??= realpathSync(this.root);
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep))
      return { kind: 'out', reason: `${rel} is a link to ${target}, outside the repo` };
    if (!lstatSync(real).isDirectory()) return { kind: 'not-folder', at: rel };
    return { kind: 'dir', viaLink: viaLink ?? rel };
  }
}

function badRelative(rel: string): string | null {
  if (rel.length === 0 || rel.includes('\0')) return 'not a path';
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return 'the path is absolute';
  const segments = rel.split(/[\\/]/);
  if (segments.includes('..')) return 'the path leads out of the repo with ".."';
  return null;
}

function readOpen(full: string, maxBytes: number): RepoEntry | null {
  let fd: number;
  try {
    fd = openSync(full, OPEN_FLAGS);
  } catch (error) {
    // ELOOP: the file turned into a link since the lstat; it is not followed.
    if (['ELOOP', 'ENOENT'].includes((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    const content = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, content, read, stat.size - read, null);
      if (n === 0) break;
      read += n;
    }
    return { kind: 'file', content: content.subarray(0, read), mode: stat.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}

function linkError(blocked: string[], command: string): UserError {
  return new UserError(
    'UNSAFE_PATH',
    `${command} refuses ${blocked.length} path(s) that lead through a link`,
    'Replace the link with a real folder inside the repo (or remove it) and commit, then run the command again.',
    blocked,
  );
}

/**
 * The text of a data file the CLI itself keeps in a repo (the state file, waivers); null when
 * absent. A link, a folder or a path through a link out is exit 2: these files are plain files.
 */
export function readRepoDataFile(repo: RepoFiles, rel: string): string | null {
  const blocked = repo.readBlock(rel);
  if (blocked)
    throw new UserError('UNSAFE_PATH', `${blocked}`, `Make ${rel} a plain file in the repo.`);
  const entry = repo.read(rel);
  if (!entry) {
    if (!repo.exists(rel)) return null;
    throw new UserError('INPUT', `${rel} is not a file`, `Make ${rel} a plain file in the repo.`);
  }
  if (entry.kind === 'symlink')
    throw new UserError(
      'UNSAFE_PATH',
      `${rel} is a link to ${entry.target}; it is not followed`,
      `Make ${rel} a plain file in the repo (restore it from git).`,
    );
  if (entry.kind === 'too-large')
    throw new UserError('INPUT', `${rel} is ${entry.size} bytes, too large to be read`, '');
  return entry.content.toString('utf8');
}
