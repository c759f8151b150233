import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/** One `--repos` entry: its URL and the folder name its clone gets in the work folder. */
export interface RepoListEntry {
  url: string;
  folder: string;
}

/**
 * Reads `--repos <file>`: one clone URL a line; blank lines and `#` comments are skipped.
 * Anything that is not a URL (`scheme://…` or `user@host:path`) is exit 2, every one named,
 * before a single clone starts.
 */
export async function readRepoList(file: string): Promise<RepoListEntry[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(
      'USAGE',
      `--repos ${file}: cannot read the file`,
      'Pass a file with one clone URL a line.',
    );
  });
  const urls = [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#')),
    ),
  ];
  const bad = urls.filter((url) => !isCloneUrl(url));
  if (bad.length > 0)
    throw new UserError(
      'INPUT',
      `--repos ${file}: ${bad.length} line(s) are not clone URLs`,
      'Write one URL a line: https://…, ssh://…, file://… or git@host:owner/name.git.',
      bad.map((b) => JSON.stringify(b)),
    );
  if (urls.length === 0)
    throw new UserError(
      'INPUT',
      `--repos ${file} lists no repository`,
      'Write one clone URL a line.',
    );
  return urls.map((url) => ({ url, folder: cloneFolder(url) }));
}

function isCloneUrl(text: string): boolean {
  if (/\s/.test(text) || text.startsWith('-')) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*\/?.+/i.test(text)) {
    try {
      new URL(text);
      return true;
    } catch {
      return false;
    }
  }
  return /^[^@/\s]+@[^:/\s]+:[^\s]+$/.test(text);
}

/** `<name>-<hash>`: readable, and two repos called `api` never share a folder. */
function cloneFolder(url: string): string {
  const name = path.posix.basename(
    url
      .replace(/[/:]+$/, '')
      .replace(/\.git$/i, '')
      .replace(/:/g, '/'),
  );
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '') || 'repo';
  return `${safe}-${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
}
