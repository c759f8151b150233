import { mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  rename,
  rm,
  rmdir,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { onInterrupt } from '../interrupt-cleanup.js';
import {
  readServiceState,
  stateFromPlan,
  writeServiceState,
  STATE_FILE,
} from '../state/service-state.js';
import type { FileVersion } from './file-map.js';
import { readFileVersion } from './read-service-files.js';
import { LOCAL_PATCH_GITIGNORE, localPatchPath } from './merge-files.js';
import { changesDisk, type UpgradePlan } from './plan-upgrade.js';

/** What an applied upgrade changed, relative to the service root. */
export interface AppliedUpgrade {
  written: string[];
  removed: string[];
  patches: string[];
  conflicts: string[];
}

/**
 * Writes a resolved plan into the service: results, local patches of replaced managed files,
 * then the state file. A failure or an interrupt restores every file it had touched.
 */
export async function applyUpgrade(
  plan: UpgradePlan,
  dir: string,
  { cli, now }: { cli: string; now: Date },
): Promise<AppliedUpgrade> {
  const unresolved = plan.files.find((f) => f.result === undefined);
  if (unresolved) throw new Error(`applyUpgrade: ${unresolved.path} was never merged`);
  const previous = await readServiceState(dir);
  const applied: AppliedUpgrade = { written: [], removed: [], patches: [], conflicts: [] };
  const touched: { file: string; before: FileVersion | null }[] = [];
  const undo = () => {
    for (const { file, before } of touched.reverse()) restoreSync(path.join(dir, file), before);
  };
  const release = onInterrupt(undo);
  try {
    for (const file of plan.files) {
      if (file.action === 'conflict') applied.conflicts.push(file.path);
      if (file.patch) {
        if (applied.patches.length === 0) await ignorePatches(dir, touched);
        const patch = localPatchPath(file.path);
        touched.push({ file: patch, before: await readFileVersion(path.join(dir, patch)) });
        await writeVersion(dir, patch, {
          kind: 'file',
          content: Buffer.from(file.patch),
          mode: 0o644,
        });
        applied.patches.push(patch);
      }
      if (!changesDisk(file)) continue;
      touched.push({ file: file.path, before: file.disk });
      if (file.result) {
        await writeVersion(dir, file.path, file.result);
        applied.written.push(file.path);
      } else {
        await rm(path.join(dir, file.path), { force: true });
        await removeEmptyParents(dir, file.path);
        applied.removed.push(file.path);
      }
    }
    touched.push({ file: STATE_FILE, before: await readFileVersion(path.join(dir, STATE_FILE)) });
    await writeServiceState(dir, stateFromPlan(plan.target, cli, now, previous ?? undefined));
  } catch (error) {
    undo();
    throw error;
  } finally {
    release();
  }
  return applied;
}

// Temp file then rename, so a reader never sees half a file.
async function writeVersion(dir: string, file: string, version: FileVersion) {
  const full = path.join(dir, file);
  await mkdir(path.dirname(full), { recursive: true });
  const existing = await lstat(full).catch(() => null);
  if (existing?.isDirectory())
    throw new Error(`${file} is a folder in the service but a file in the template`);
  const tmp = `${full}.platform-upgrade-${process.pid}`;
  if (version.kind === 'symlink') await symlink(version.content.toString('utf8'), tmp);
  else {
    await writeFile(tmp, version.content);
    await chmod(tmp, version.mode & 0o777 || 0o644);
  }
  await rename(tmp, full);
}

function restoreSync(full: string, before: FileVersion | null) {
  rmSync(full, { force: true });
  if (!before) return;
  mkdirSync(path.dirname(full), { recursive: true });
  if (before.kind === 'symlink') symlinkSync(before.content.toString('utf8'), full);
  else {
    writeFileSync(full, before.content);
    chmodSync(full, before.mode);
  }
}

async function removeEmptyParents(dir: string, file: string) {
  for (let d = path.dirname(file); d !== '.'; d = path.dirname(d)) {
    const full = path.join(dir, d);
    if ((await readdir(full).catch(() => ['?'])).length > 0) return;
    await rmdir(full);
  }
}

// The first saved patch brings the .gitignore that keeps every patch out of commits.
async function ignorePatches(
  dir: string,
  touched: { file: string; before: FileVersion | null }[],
): Promise<void> {
  const { path: file, content } = LOCAL_PATCH_GITIGNORE;
  const before = await readFileVersion(path.join(dir, file));
  if (before) return;
  touched.push({ file, before });
  await writeVersion(dir, file, { kind: 'file', content: Buffer.from(content), mode: 0o644 });
}
