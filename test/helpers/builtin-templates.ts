import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as semver from 'semver';
import { ROOT } from './run-bin.js';

/** The built-in ids, read from the templates folder. */
export const BUILTIN_IDS: string[] = readdirSync(path.join(ROOT, 'templates')).sort();

/** A built-in template's released versions, newest first, read from the templates folder. */
export function builtinVersions(id: string): string[] {
  return readdirSync(path.join(ROOT, 'templates', id))
    .filter((v) => semver.valid(v))
    .sort(semver.rcompare);
}

/** The newest version of a built-in template, so tests need no edit when one is added. */
export function newestBuiltin(id: string): string {
  const [newest] = builtinVersions(id);
  if (!newest) throw new Error(`no versions of ${id}`);
  return newest;
}
