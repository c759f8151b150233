import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';

const DEFAULT_HINT = 'Check that the folder can be created there, or choose another location.';

/**
 * The one way the CLI creates a folder and its parents. Node's own `mkdir({ recursive: true })`
 * spins forever where a parent can never be created (under /proc, for example), so the
 * parents are made one by one here, and any failure is a UserError naming the folder. It is
 * synchronous: a handful of system calls, and the sync writers (consent, spool) need it too.
 */
export function makeDir(dir: string, hint = DEFAULT_HINT): void {
  const missing: string[] = [];
  for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
    const found = statOrNull(folder, dir, hint);
    if (found) {
      if (!found.isDirectory())
        throw cannotCreate(
          dir,
          Object.assign(new Error(`${folder} is a file`), { code: 'ENOTDIR' }),
          hint,
        );
      break;
    }
    missing.unshift(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of missing)
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw cannotCreate(dir, error as NodeJS.ErrnoException, hint);
    }
}

function statOrNull(folder: string, dir: string, hint: string) {
  try {
    return statSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw cannotCreate(dir, error as NodeJS.ErrnoException, hint);
  }
}

function cannotCreate(dir: string, error: NodeJS.ErrnoException, hint: string): UserError {
  return new UserError(
    'ENVIRONMENT',
    `Cannot create the folder ${dir}: ${error.code ?? error.message}`,
    hint,
    [error.message],
  );
}
