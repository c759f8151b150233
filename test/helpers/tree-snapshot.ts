import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** One entry of a folder tree as seen without following links. */
export interface TreeEntry {
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  mtimeMs: number;
  /** sha256 of a file, or a link's target. */
  content: string | null;
}

/**
 * Everything under `root` by path (links recorded, never followed), minus the subtrees in
 * `skip`: what a test compares before and after a command to prove it touched nothing there.
 */
export function snapshotTree(root: string, skip: string[] = []): Record<string, TreeEntry> {
  const out: Record<string, TreeEntry> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (skip.includes(full)) continue;
      const stat = lstatSync(full);
      const type = stat.isFile()
        ? 'file'
        : stat.isDirectory()
          ? 'dir'
          : stat.isSymbolicLink()
            ? 'symlink'
            : 'other';
      out[path.relative(root, full)] = {
        type,
        size: type === 'dir' ? 0 : stat.size,
        // A folder's mtime moves when an entry is created or deleted in it, even briefly.
        mtimeMs: stat.mtimeMs,
        content:
          type === 'file'
            ? createHash('sha256').update(readFileSync(full)).digest('hex')
            : type === 'symlink'
              ? readlinkSync(full)
              : null,
      };
      if (type === 'dir') walk(full);
    }
  };
  walk(root);
  return out;
}
