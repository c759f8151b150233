import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
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

/** Reads every file and symlink under `<templateDir>/files`, in a stable order. */
export async function readTemplateFiles(templateDir: string): Promise<TemplateFile[]> {
  const root = path.join(templateDir, 'files');
  const out: TemplateFile[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && dir === root) return [];
        throw error;
      },
    );
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = prefix + entry.name;
      if (entry.isDirectory()) await walk(full, `${rel}/`);
      else if (entry.isSymbolicLink()) {
        const linkTarget = await readlink(full);
        out.push({
          path: rel,
          kind: 'symlink',
          content: Buffer.from(linkTarget),
          mode: 0o777,
          linkTarget,
        });
      } else if (entry.isFile()) {
        const [content, stat] = await Promise.all([readFile(full), lstat(full)]);
        out.push({ path: rel, kind: 'file', content, mode: stat.mode & 0o777 });
      }
    }
  };
  await walk(root, '');
  return out;
}
