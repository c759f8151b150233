import { lstatSync, readdirSync, readFileSync, readlinkSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { decodeFileName, mayBeUndecodable } from '../file-name-text.js';

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
  refuseLinkedFolder(templateDir, 'files');
  const out: TemplateFile[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) return;
      throw error;
    }
    if (entries.some((entry) => mayBeUndecodable(entry.name)))
      refuseUndecodable(templateDir, dir, prefix);
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

// A name that is not UTF-8 reads back as another name (U+FFFD for each bad byte), which opens
// nothing and could not be recorded in a state file: the template is refused, naming it.
function refuseUndecodable(templateDir: string, dir: string, prefix: string): void {
  for (const bytes of readdirSync(dir, { encoding: 'buffer' })) {
    const name = decodeFileName(bytes);
    if (name.valid) continue;
    throw new UserError(
      'INPUT',
      `files/${prefix}${name.text} in the template ${templateDir}: the file name is not valid UTF-8 (bad bytes shown as \\xNN)`,
      'Rename it to a UTF-8 name (for example with `convmv -f latin1 -t utf-8 --notest`, or `git mv`): rendered paths are recorded in the state file as UTF-8 text.',
    );
  }
}

/**
 * A template's own entries (`files/`, `template.yaml`) are read only when they are not links: a
 * `files/` that links to `/etc` would otherwise render the host's files into a service.
 */
export function refuseLinkedFolder(templateDir: string, entry: string): void {
  const full = path.join(templateDir, entry);
  const stat = lstatSync(full, { throwIfNoEntry: false });
  if (!stat?.isSymbolicLink()) return;
  throw new UserError(
    'UNSAFE_PATH',
    `${full} is a link to ${readlinkSync(full)}; a template's ${entry} is never read through a link`,
    `Make ${entry} a real folder or file inside the template.`,
  );
}
