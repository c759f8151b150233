import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { FileMap, FileVersion } from './file-map.js';

/** One file as it sits on disk; null when absent or not a regular file or symlink. */
export async function readFileVersion(full: string): Promise<FileVersion | null> {
  const stat = await lstat(full).catch(() => null);
  if (!stat) return null;
  if (stat.isSymbolicLink())
    return { kind: 'symlink', content: Buffer.from(await readlink(full)), mode: 0o777 };
  if (!stat.isFile()) return null;
  return { kind: 'file', content: await readFile(full), mode: stat.mode & 0o777 };
}

/** The service's files at `paths`, skipping those that do not exist. */
export async function readServiceFiles(dir: string, paths: Iterable<string>): Promise<FileMap> {
  const entries = await Promise.all(
    [...new Set(paths)].map(
      async (file) => [file, await readFileVersion(path.join(dir, file))] as const,
    ),
  );
  return new Map(entries.filter((e): e is [string, FileVersion] => e[1] !== null));
}
