import { LOCKFILES } from '../adapters/package-manager.js';
import type { RepoFacts } from './facts.js';
import type { RawFinding } from './finding.js';

const LOCKFILE_NAMES = new Set(LOCKFILES.map((l) => l.file));

/**
 * `deps.lockfile-missing`: every tracked package.json needs a tracked lockfile beside it,
 * except a package inside a workspace, whose root's lockfile covers it. A folder is a
 * workspace root when its package.json declares `workspaces` or a pnpm-workspace.yaml sits
 * beside it; membership globs are not matched, so anything below such a root is covered.
 */
export function lockfileMissing(facts: RepoFacts): RawFinding[] {
  const tracked = new Set(facts.tracked);
  const manifests = facts.tracked.filter(
    (file) => basename(file) === 'package.json' && !file.split('/').includes('node_modules'),
  );
  const roots = manifests.map(dirOf).filter((dir) => isWorkspaceRoot(facts, dir, tracked));
  return manifests
    .filter((file) => {
      const dir = dirOf(file);
      if ([...LOCKFILE_NAMES].some((lock) => tracked.has(join(dir, lock)))) return false;
      return !roots.some((root) => root !== dir && isBelow(dir, root));
    })
    .map((file) => ({
      ruleId: 'deps.lockfile-missing',
      message: 'No committed lockfile beside this package.json: `npm ci` and CI caches need one.',
      file,
      fix: `Run \`npm install\` in ${dirOf(file) || 'the repo root'} and commit package-lock.json (or your package manager's lockfile).`,
    }));
}

function isWorkspaceRoot(facts: RepoFacts, dir: string, tracked: Set<string>): boolean {
  if (tracked.has(join(dir, 'pnpm-workspace.yaml'))) return true;
  const text = facts.texts.get(join(dir, 'package.json'));
  if (text === undefined) return false;
  try {
    const workspaces = (JSON.parse(text) as { workspaces?: unknown }).workspaces;
    return Array.isArray(workspaces) || (typeof workspaces === 'object' && workspaces !== null);
  } catch {
    return false;
  }
}

const basename = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const isBelow = (dir: string, root: string) => root === '' || dir.startsWith(`${root}/`);
