import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { lstat, readdir, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { isRunning } from '../running-process.js';
import { onInterrupt } from '../interrupt-cleanup.js';
import type { RenderPlan } from './plan-render.js';
import { makeDir } from '../make-dir.js';

export interface ExtraFile {
  path: string;
  content: string | Buffer;
}

export interface ApplyOptions {
  /** Files that are not part of the template, such as the state file. */
  extra?: ExtraFile[];
  /** Called after each file is written into the staging folder. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes a plan into a staging folder beside the target, then moves it into place. A failure
 * or an interrupt at any point removes what was written; a missing target appears whole or
 * not at all.
 */
export async function applyRenderPlan(
  plan: RenderPlan,
  target: string,
  options: ApplyOptions = {},
): Promise<void> {
  const parent = path.dirname(path.resolve(target));
  // Synchronous calls up to the first file: each is a single cheap syscall, where the thread
  // pool would cost a round trip per call.
  const createdParents = makeParents(parent);
  removeStaleStaging(parent, path.basename(target));
  const staging = path.join(
    parent,
    `.${path.basename(target)}.create-service-${process.pid}-${randomUUID().slice(0, 8)}`,
  );
  // mkdir, not mkdtemp: the folder becomes the service, so it gets the umask's mode, not 0700.
  mkdirSync(staging);
  const moved: string[] = [];
  const undo = () => {
    for (const file of moved.reverse()) rmSync(file, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true, maxRetries: 3 });
    for (const dir of createdParents.reverse()) rmSync(dir, { recursive: true, force: true });
  };
  const release = onInterrupt(undo);
  try {
    await writeStaging(plan, staging, options);
    if (!lstatSync(target, { throwIfNoEntry: false })) renameSync(staging, target);
    else await moveInto(staging, target, moved);
  } catch (error) {
    undo();
    throw error;
  } finally {
    release();
  }
}

// Writes with synchronous calls, which for many small files beat a thread-pool round trip per
// open, write and close; every few files it yields, so Ctrl-C and the spinner get a turn.
async function writeStaging(plan: RenderPlan, staging: string, options: ApplyOptions) {
  const extra = options.extra ?? [];
  const dirs = new Set<string>();
  const ensureDir = (file: string) => {
    const dir = path.dirname(file);
    if (dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    dirs.add(dir);
  };
  let done = 0;
  for (const file of plan.files) {
    const out = path.join(staging, file.path);
    ensureDir(out);
    if (file.kind === 'symlink') symlinkSync(file.linkTarget!, out);
    else {
      writeFileSync(out, file.content);
      if (file.mode & 0o111) chmodSync(out, file.mode);
    }
    options.onProgress?.(++done, plan.files.length);
    if (done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  // The state file goes last: its presence means the render is complete.
  for (const file of extra) {
    const out = path.join(staging, file.path);
    ensureDir(out);
    writeFileSync(out, file.content);
  }
}

const YIELD_EVERY = 16;

// Moves staged entries into an existing folder, recursing into folders both sides have.
async function moveInto(from: string, to: string, moved: string[]): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    const existing = await lstat(dest).catch(() => null);
    if (existing?.isDirectory() && entry.isDirectory()) await moveInto(source, dest, moved);
    else {
      await rename(source, dest);
      moved.push(dest);
    }
  }
  await rmdir(from);
}

/**
 * Removes staging folders that a killed render of the same target left beside it: the pid in
 * their name is no longer running. A live render's folder is left alone.
 */
function removeStaleStaging(parent: string, base: string): void {
  const prefix = `.${base}.create-service-`;
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {
    // An unreadable parent has no stale folders we could remove.
  }
  for (const name of entries) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length))?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function makeParents(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !exists(d); d = path.dirname(d)) missing.unshift(d);
  if (missing.length > 0) makeDir(dir);
  return missing.slice(0, 1);
}

function exists(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}
