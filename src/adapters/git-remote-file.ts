import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The `origin` remote URL of the repository holding `dir`, read from its git config file.
 * Usage events need only this one value, and spawning git costs more than the whole telemetry
 * budget, so this reads the file; anything unusual (includes, no origin) gives null.
 */
export function readOriginUrl(dir: string): string | null {
  const gitDir = findGitDir(path.resolve(dir));
  if (!gitDir) return null;
  for (const config of configFiles(gitDir)) {
    const url = originIn(readText(config) ?? '');
    if (url) return url;
  }
  return null;
}

function findGitDir(start: string): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const kind = kindOf(dotGit);
    if (kind === 'dir') return dotGit;
    if (kind === 'file') {
      // A worktree or submodule: `.git` is a file naming the real git dir.
      const match = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '');
      return match ? path.resolve(dir, match[1]!.trim()) : null;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

// A linked worktree keeps its remotes in the common dir's config.
function configFiles(gitDir: string): string[] {
  const common = readText(path.join(gitDir, 'commondir'))?.trim();
  return [
    path.join(gitDir, 'config'),
    ...(common ? [path.join(path.resolve(gitDir, common), 'config')] : []),
  ];
}

function originIn(config: string): string | null {
  let inOrigin = false;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inOrigin = /^\[remote\s+"origin"\]$/.test(line);
      continue;
    }
    const match = inOrigin ? /^url\s*=\s*(.+)$/.exec(line) : null;
    if (match) return match[1]!.replace(/^"(.*)"$/, '$1').trim();
  }
  return null;
}

function kindOf(file: string): 'dir' | 'file' | null {
  try {
    const stat = statSync(file);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
