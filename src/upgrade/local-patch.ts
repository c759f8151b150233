import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { diffNoIndex } from '../adapters/git.js';

/**
 * Where the local diff of a managed file that a command replaces is saved, relative to the
 * service root: `upgrade` and `doctor --fix` both keep a team's edit here, so nothing is lost.
 */
export function localPatchPath(file: string): string {
  return `${LOCAL_PATCH_DIR}/${file}.local.patch`;
}

/** The folder of saved local patches; its own `.gitignore` keeps them out of `git add -A`. */
export const LOCAL_PATCH_DIR = '.platform/upgrade';

const IGNORE_TEXT =
  '# Local patches saved by `platform upgrade` and `doctor --fix`: re-apply what you need, never commit them.\n*\n';

/** Written beside the patches: they are the user's to re-apply, never part of a commit. */
export const LOCAL_PATCH_GITIGNORE = {
  path: `${LOCAL_PATCH_DIR}/.gitignore`,
  content: IGNORE_TEXT,
  entry: { kind: 'file' as const, content: Buffer.from(IGNORE_TEXT), mode: 0o644 },
};

/**
 * The team's change from `before` (the paved road) to `after` (their file) as a patch that
 * `git apply` takes, made in the scratch folder `dir`.
 */
export async function localPatch(
  dir: string,
  file: string,
  before: Buffer,
  after: Buffer,
): Promise<string> {
  const a = path.join('a', file);
  const b = path.join('b', file);
  await writeSide(dir, a, before);
  await writeSide(dir, b, after);
  return diffNoIndex(dir, a, b);
}

/** Local patches for several files, in a scratch folder removed afterwards. */
export async function localPatches(
  changes: { file: string; before: Buffer; after: Buffer }[],
): Promise<Map<string, string>> {
  const patches = new Map<string, string>();
  if (changes.length === 0) return patches;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'platform-patch-'));
  try {
    let n = 0;
    for (const { file, before, after } of changes) {
      const dir = path.join(scratch, String(n++));
      await mkdir(dir);
      patches.set(file, await localPatch(dir, file, before, after));
    }
    return patches;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Writes one side of a comparison into the scratch folder. */
export async function writeSide(dir: string, name: string, content: Buffer): Promise<void> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}
