import {
  appendFileSync,
  closeSync,
  openSync,
  readdirSync,
  readSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { makeDir } from '../make-dir.js';

/**
 * The local spool: JSONL in `$XDG_STATE_HOME/platform/telemetry/`, bounded in size. The CLI
 * only appends; the detached sender takes the whole file by renaming it, so two processes never
 * send the same line.
 */
export const SPOOL_LIMIT_BYTES = 512 * 1024;
const SPOOL_FILE = 'spool.jsonl';
const OUTBOX_PREFIX = 'outbox-';
/** An outbox older than this belongs to a sender that died; the next sender adopts it. */
const STALE_OUTBOX_MS = 60_000;

export function spoolPath(dir: string): string {
  return path.join(dir, SPOOL_FILE);
}

/** Appends lines, dropping the oldest when the cap is reached. Throws only on fs errors. */
export function appendToSpool(dir: string, lines: string[], limit = SPOOL_LIMIT_BYTES): void {
  if (lines.length === 0) return;
  const file = spoolPath(dir);
  const text = lines.map((line) => `${line}\n`).join('');
  makeDir(dir);
  const size = sizeOf(file);
  if (size === 'not-a-file') rmSync(file, { recursive: true, force: true });
  if (typeof size === 'number' && size + text.length > limit) {
    rewriteSpool(file, parseSpool(readSpoolText(file, limit)), text, limit);
    return;
  }
  // A line cut short (a full disk, a killed process) must not swallow the next event.
  const separator =
    typeof size === 'number' && size > 0 && !endsWithNewline(file, size) ? '\n' : '';
  appendFileSync(file, separator + text, { mode: 0o600 });
}

function sizeOf(file: string): number | 'missing' | 'not-a-file' {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : 'not-a-file';
  } catch {
    return 'missing';
  }
}

function endsWithNewline(file: string, size: number): boolean {
  const fd = openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of a spool or outbox file, or '' for one that is not ours to parse: not a regular
 * file (a folder, a FIFO that would block the read), or far past the cap. Such a file is reset.
 */
export function readSpoolText(file: string, limit = SPOOL_LIMIT_BYTES): string {
  const size = sizeOf(file);
  if (typeof size !== 'number' || size > limit * 4) return '';
  return readFileSync(file, 'utf8');
}

/** The valid event lines of a spool's text; corrupt lines are dropped. */
export function parseSpool(text: string): string[] {
  return text.split('\n').filter((line) => {
    if (!line.trim() || line.length > MAX_LINE_CHARS) return false;
    try {
      const value: unknown = JSON.parse(line);
      return (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { event?: unknown }).event === 'string'
      );
    } catch {
      return false;
    }
  });
}

/** An event is well under 2 KiB; a longer line is junk, however it parses. */
const MAX_LINE_CHARS = 16 * 1024;

function rewriteSpool(file: string, kept: string[], added: string, limit: number): void {
  const budget = Math.floor(limit * 0.75) - added.length;
  let size = kept.reduce((sum, line) => sum + line.length + 1, 0);
  let start = 0;
  while (size > budget && start < kept.length) size -= kept[start++]!.length + 1;
  const text =
    kept
      .slice(start)
      .map((line) => `${line}\n`)
      .join('') + added;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}

/** A claimed batch: its lines, and the outbox files to delete once sent or put back. */
export interface TakenSpool {
  lines: string[];
  files: string[];
}

/** Claims the spool and any abandoned outbox atomically (rename); empty when nothing waits. */
export function takeSpool(dir: string, now = Date.now()): TakenSpool {
  const taken: TakenSpool = { lines: [], files: [] };
  const mine = path.join(dir, `${OUTBOX_PREFIX}${process.pid}-${now}.jsonl`);
  try {
    renameSync(spoolPath(dir), mine);
    taken.files.push(mine);
  } catch {
    // Nothing spooled, or another sender was faster.
  }
  for (const name of safeReaddir(dir)) {
    if (!name.startsWith(OUTBOX_PREFIX)) continue;
    const file = path.join(dir, name);
    // A folder or another odd entry under an outbox name would be adopted, and fail, for ever.
    if (sizeOf(file) === 'not-a-file') rmSync(file, { recursive: true, force: true });
    if (file === mine || now - mtimeOf(file) < STALE_OUTBOX_MS) continue;
    const adopted = path.join(dir, `${OUTBOX_PREFIX}${process.pid}-${now}-${name}`);
    try {
      renameSync(file, adopted);
      taken.files.push(adopted);
    } catch {
      // Another sender adopted it.
    }
  }
  for (const file of taken.files) {
    try {
      taken.lines.push(...parseSpool(readSpoolText(file)));
    } catch {
      // Unreadable: dropped with its file below.
    }
  }
  return taken;
}

/** Deletes a claimed batch's files; with `putBack`, its lines go back to the spool first. */
export function releaseSpool(dir: string, taken: TakenSpool, putBack: string[] = []): void {
  if (putBack.length > 0) appendToSpool(dir, putBack);
  for (const file of taken.files) rmSync(file, { recursive: true, force: true });
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
