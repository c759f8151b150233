import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { isRunning } from '../running-process.js';
import { UserError, errorMessage } from '../errors.js';
import { onInterrupt } from '../interrupt-cleanup.js';
import {
  journalPath,
  readJournal,
  removeJournal,
  writeJournal,
  type JournalFile,
} from './repo-journal.js';
import { RepoFiles, type FileBytes } from './repo-files.js';

/** Paths a rollback could not put back, with why; empty when everything was restored. */
export type RollbackFailures = string[];

/**
 * Writes and deletes a known set of repo files so that they all land or none do. Before the
 * first write, a journal with every file's previous bytes goes into the git folder: an error
 * or a signal restores from memory, and after a SIGKILL the next run restores from the journal
 * (`recoverInterruptedWrite`). Every path passes RepoFiles' write check first.
 */
export class RepoTransaction {
  private readonly touched = new Set<string>();
  private readonly release: () => void;
  private done = false;

  private constructor(
    private readonly repo: RepoFiles,
    private readonly journal: string,
    private readonly before: Map<string, FileBytes | null>,
  ) {
    this.release = onInterrupt(() => {
      const failed = this.rollback();
      if (failed.length > 0)
        process.stderr.write(`Could not restore:\n${failed.map((f) => `  ${f}\n`).join('')}`);
    });
  }

  /** Checks every path, saves their current bytes in the journal, and starts. */
  static begin(
    repo: RepoFiles,
    journal: string,
    command: string,
    paths: string[],
  ): RepoTransaction {
    repo.assertWritable(paths, command);
    const before = new Map<string, FileBytes | null>();
    for (const rel of new Set(paths)) before.set(rel, repo.readBytes(rel, `platform ${command}`));
    const entries: JournalFile[] = [...before].map(([rel, bytes]) => ({
      path: rel,
      before: bytes,
    }));
    guardDisk(
      () => writeJournal(journal, { command, pid: process.pid, root: repo.root, files: entries }),
      journal,
    );
    return new RepoTransaction(repo, journal, before);
  }

  /** Writes `bytes` at `rel` through a temp file, so a reader never sees half a file. */
  async write(rel: string, bytes: FileBytes): Promise<void> {
    this.mark(rel);
    guardDisk(() => placeBytes(this.repo.full(rel), bytes), rel);
    await tick();
  }

  /** Deletes `rel` (a link is removed, never followed). */
  async remove(rel: string): Promise<void> {
    this.mark(rel);
    guardDisk(() => rmSync(this.repo.full(rel), { force: true }), rel);
    await tick();
  }

  /** Everything landed: the journal goes. */
  finish(): void {
    this.done = true;
    this.release();
    removeJournal(this.journal);
  }

  /** Puts back every touched file; the journal stays when something could not be restored. */
  rollback(): RollbackFailures {
    if (this.done) return [];
    this.done = true;
    this.release();
    const failed = restoreAll(this.repo, [...this.touched].reverse(), this.before, process.pid);
    if (failed.length === 0) removeJournal(this.journal);
    return failed;
  }

  /** Rolls back after `error` and throws what the user should read: exit 2 for a disk error. */
  fail(error: unknown): never {
    const failed = this.rollback();
    const restored =
      failed.length === 0
        ? 'every file it had touched was restored'
        : `${failed.length} file(s) could not be restored (listed below); the next run retries`;
    if (error instanceof UserError)
      throw new UserError(error.code, `${error.message}; ${restored}`, error.hint, [
        ...error.details,
        ...failed,
      ]);
    if (failed.length > 0)
      throw new Error(`${errorMessage(error)}; ${restored}: ${failed.join(', ')}`);
    throw error;
  }

  private mark(rel: string) {
    if (!this.before.has(rel)) throw new Error(`RepoTransaction: ${rel} was not declared`);
    this.touched.add(rel);
  }
}

/**
 * Finishes the story of a run that was killed mid-write: when its journal is still there, every
 * file it lists is put back. Answers what was done, for the command to say; null when there was
 * nothing to recover.
 */
export async function recoverInterruptedWrite(dir: string): Promise<string | null> {
  // Outside a git repo there is no journal; the command's own precondition says so.
  const journal = await journalPath(dir).catch(() => null);
  if (!journal) return null;
  const found = readJournal(journal);
  if (!found) return null;
  if (found.pid !== process.pid && isRunning(found.pid))
    throw new UserError(
      'PRECONDITION',
      `Another \`platform ${found.command}\` (pid ${found.pid}) is changing this repo`,
      `Wait for it to end. If no such command is running, delete ${journal} after checking \`git status\`.`,
    );
  const before = new Map(found.files.map((f) => [f.path, f.before]));
  const repo = new RepoFiles(found.root);
  const failed = restoreAll(repo, [...before.keys()].reverse(), before, found.pid);
  if (failed.length > 0)
    throw new UserError(
      'PRECONDITION',
      `An interrupted \`platform ${found.command}\` left files that could not be restored`,
      `Fix what is named below (free space, permissions), then run the command again.`,
      failed,
    );
  removeJournal(journal);
  return `An interrupted \`platform ${found.command}\` (started ${found.startedAt}) was rolled back: ${before.size} file(s) restored to how they were before it.`;
}

function restoreAll(
  repo: RepoFiles,
  paths: string[],
  before: Map<string, FileBytes | null>,
  pid: number,
): RollbackFailures {
  const failed: RollbackFailures = [];
  repo.forget();
  for (const rel of paths) {
    try {
      const blocked = repo.writeBlock(rel);
      if (blocked) throw new Error(blocked);
      const full = repo.full(rel);
      rmSync(tempPath(full, pid), { force: true });
      const bytes = before.get(rel) ?? null;
      if (bytes) placeBytes(full, bytes);
      else rmSync(full, { force: true });
    } catch (error) {
      // Carry on: one file that cannot be restored must not cost the others.
      failed.push(`${rel}: ${errorMessage(error)}`);
    }
  }
  return failed;
}

// Temp file then rename: the target is replaced as a whole, and a link there is replaced, not
// followed. The temp name carries the pid, so the next run finds a killed run's leftovers.
function placeBytes(full: string, bytes: FileBytes) {
  mkdirSync(path.dirname(full), { recursive: true });
  const tmp = tempPath(full, process.pid);
  rmSync(tmp, { force: true });
  try {
    if (bytes.kind === 'symlink') symlinkSync(bytes.content.toString('utf8'), tmp);
    else {
      const fd = openSync(tmp, 'wx', bytes.mode & 0o777 || 0o644);
      try {
        for (let at = 0; at < bytes.content.length;)
          at += writeSync(fd, bytes.content, at, bytes.content.length - at);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      chmodSync(tmp, bytes.mode & 0o777 || 0o644);
    }
    renameSync(tmp, full);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The temp name a write uses beside `full`. */
export function tempPath(full: string, pid: number): string {
  return `${full}.platform-tmp-${pid}`;
}

// A full, read-only or forbidden disk is the user's to fix: exit 2 naming the path.
function guardDisk(work: () => void, where: string): void {
  try {
    work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = DISK_ERRORS[code];
    if (!why) throw error;
    throw new UserError('PRECONDITION', `${where}: ${why} (${code})`, DISK_HINTS[code]);
  }
}

const DISK_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};
const DISK_HINTS: Record<string, string> = {
  ENOSPC: 'Free some space, then run the command again.',
  EDQUOT: 'Free some space, then run the command again.',
  EROFS: 'Run the command on a writable checkout.',
  EACCES: 'Make the repo writable for your user (`ls -l` shows who owns it), then run again.',
  EPERM: 'Make the repo writable for your user (`ls -l` shows who owns it), then run again.',
};

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
