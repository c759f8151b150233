import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/** Every git repo below `dir` (a folder with `.git`), not descending into repos or node_modules. */
export async function findRepos(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string, depth: number): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.name === '.git')) {
      found.push(current);
      return;
    }
    if (depth >= 6) return;
    const dirs = entries.filter(
      (e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules',
    );
    await Promise.all(dirs.map((e) => walk(path.join(current, e.name), depth + 1)));
  };
  await walk(path.resolve(dir), 0);
  return found.sort();
}

/** The repos of `--fleet <dir>`: exit 2 when the folder is missing or holds no git repo. */
export async function findFleet(dir: string): Promise<string[]> {
  const kind = statSync(dir, { throwIfNoEntry: false });
  if (!kind?.isDirectory())
    throw new UserError(
      'INPUT',
      kind ? `--fleet ${dir} is not a folder` : `The folder ${dir} does not exist`,
      'Pass --fleet the folder that holds the service repos.',
    );
  const repos = await findRepos(dir);
  if (repos.length === 0)
    throw new UserError(
      'INPUT',
      `No git repositories found below ${dir}`,
      'Pass the folder that holds the service repos.',
    );
  return repos;
}

/** A repo's identity in a fleet: its path below the fleet folder, with `/` on every OS. */
export function repoIdentity(fleet: string, dir: string): string {
  return path.relative(fleet, dir).split(path.sep).join('/');
}
