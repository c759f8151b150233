import { lstatSync, readdirSync, readFileSync, readlinkSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** One entry under a template's `files/`, as read from disk. */
export interface TemplateFile {
  /** Relative to `files/`, with `/` separators, before rendering. */
  path: string;
  kind: 'file' | 'symlink';
  content: Buffer;
  /** Unix permission bits, so executable scripts stay executable. */
  mode: number;
  linkTarget?: string;
}

/**
 * Reads every file and symlink under `<templateDir>/files`, in a stable order. Synchronous
 * reads: a template is dozens of small files, where a thread-pool round trip per open, read
 * and close costs more than the reads themselves.
 */
export function readTemplateFiles(templateDir: string): Promise<TemplateFile[]> {
  // A throw inside the executor rejects the promise, as an async function's would.
  return new Promise((resolve) => resolve(readAll(templateDir)));
}

function readAll(templateDir: string): TemplateFile[] {
  const root = path.join(templateDir, 'files');
  const out: TemplateFile[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = prefix + entry.name;
      if (entry.isDirectory()) walk(full, `${rel}/`);
      else if (entry.isSymbolicLink()) {
        const linkTarget = readlinkSync(full);
        out.push({
          path: rel,
          kind: 'symlink',
          content: Buffer.from(linkTarget),
          mode: 0o777,
          linkTarget,
        });
      } else if (entry.isFile()) {
        const mode = lstatSync(full).mode & 0o777;
        out.push({ path: rel, kind: 'file', content: readFileSync(full), mode });
      }
    }
  };
  walk(root, '');
  return out;
}
