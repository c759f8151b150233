import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import * as z from '../zod-mini.js';
import { gitPath } from '../adapters/git.js';
import { UserError } from '../errors.js';
import type { FileBytes } from './repo-files.js';

/** One file a transaction may change, with its bytes before the change (null: absent). */
export interface JournalFile {
  path: string;
  before: FileBytes | null;
}

/** What a running write leaves in the git folder until it is done. */
export interface Journal {
  command: string;
  pid: number;
  /** The repo folder the paths are relative to. */
  root: string;
  startedAt: string;
  files: JournalFile[];
}

// In the git folder: never committed, never in `git status`, so a journal left by a killed run
// does not make the next run refuse a "dirty" tree.
const JOURNAL_NAME = 'platform-write-journal.json';

/** Where the journal of the repo holding `dir` lives. */
export function journalPath(dir: string): Promise<string> {
  return gitPath(dir, JOURNAL_NAME);
}

const bytesSchema = z.object({
  kind: z.enum(['file', 'symlink']),
  mode: z.int(),
  content: z.string(),
});
const journalSchema = z.object({
  schemaVersion: z.literal(1),
  command: z.string(),
  pid: z.int(),
  root: z.string(),
  startedAt: z.string(),
  files: z.array(z.object({ path: z.string(), before: z.nullable(bytesSchema) })),
});

/** Writes the journal durably (temp file, fsync, rename) before the first change. */
export function writeJournal(file: string, journal: Omit<Journal, 'startedAt'>): void {
  const doc = {
    schemaVersion: 1,
    ...journal,
    startedAt: new Date().toISOString(),
    files: journal.files.map((f) => ({
      path: f.path,
      before: f.before && { ...f.before, content: f.before.content.toString('base64') },
    })),
  };
  const tmp = `${file}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(doc));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The journal a killed run left; null when there is none. */
export function readJournal(file: string): Journal | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed;
  try {
    parsed = journalSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success)
    throw new UserError(
      'STATE',
      `${file} is not a journal this CLI can read`,
      'Check `git status` and restore files from git if needed, then delete that file.',
    );
  const data = parsed.data;
  return {
    ...data,
    files: data.files.map((f) => ({
      path: f.path,
      before: f.before && { ...f.before, content: Buffer.from(f.before.content, 'base64') },
    })),
  };
}

/** Deletes the journal once its run is done or rolled back. */
export function removeJournal(file: string): void {
  rmSync(file, { force: true });
}
