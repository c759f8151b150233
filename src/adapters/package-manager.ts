import { existsSync } from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager that launched us (`npm create`, `pnpm create`…), npm otherwise. */
export function detectPackageManager(env: NodeJS.ProcessEnv = process.env): PackageManager {
  const agent = env.npm_config_user_agent ?? '';
  const name = agent.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}

/** Lockfile names, in the order they are looked for, with the package manager that writes each. */
export const LOCKFILES: readonly { file: string; pm: PackageManager }[] = [
  { file: 'package-lock.json', pm: 'npm' },
  { file: 'npm-shrinkwrap.json', pm: 'npm' },
  { file: 'pnpm-lock.yaml', pm: 'pnpm' },
  { file: 'yarn.lock', pm: 'yarn' },
  { file: 'bun.lock', pm: 'bun' },
  { file: 'bun.lockb', pm: 'bun' },
];

/** The lockfile a fresh install with `pm` writes. */
export function lockfileName(pm: PackageManager): string {
  return LOCKFILES.find((l) => l.pm === pm)!.file;
}

/** The lockfile in `dir` and the package manager it belongs to; null when there is none. */
export function findLockfile(dir: string): { file: string; pm: PackageManager } | null {
  return LOCKFILES.find((l) => existsSync(path.join(dir, l.file))) ?? null;
}

/** The command that rewrites `pm`'s lockfile from package.json without installing or running scripts. */
export function lockfileRefreshCommand(pm: PackageManager): string[] {
  switch (pm) {
    case 'npm':
      return [
        'npm',
        'install',
        '--package-lock-only',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ];
    case 'pnpm':
      return ['pnpm', 'install', '--lockfile-only', '--ignore-scripts'];
    case 'yarn':
      return ['yarn', 'install', '--mode=update-lockfile'];
    case 'bun':
      return ['bun', 'install', '--lockfile-only', '--ignore-scripts'];
  }
}

export type Outcome = { ok: true } | { ok: false; output: string };

/** Installs dependencies in `dir`; returns the failure's last lines instead of throwing. */
export function installDependencies(dir: string, pm: PackageManager): Promise<Outcome> {
  return run(dir, [pm, 'install']);
}

/** Runs one of a project's own scripts (`test`, `build`); returns the failure's last lines. */
export function runPackageScript(
  dir: string,
  pm: PackageManager,
  script: string,
): Promise<Outcome> {
  return run(dir, [pm, 'run', script]);
}

/** Rewrites the lockfile in `dir` from package.json; returns the failure's last lines. */
export function refreshLockfile(dir: string, pm: PackageManager): Promise<Outcome> {
  return run(dir, lockfileRefreshCommand(pm));
}

async function run(dir: string, [command, ...args]: string[]): Promise<Outcome> {
  const { execa } = await import('execa');
  const result = await execa(command!, args, {
    cwd: dir,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  if (result.exitCode === 0) return { ok: true };
  // EBADENGINE warnings are not why an install fails; create names the Node mismatch itself.
  const output = (result.all ?? result.message ?? '')
    .trim()
    .split('\n')
    .filter((line) => !/EBADENGINE/.test(line))
    .slice(-5)
    .join('\n');
  return { ok: false, output };
}
