import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/** Where the suite keeps the Node.js majors that rendered services target. */
export const NODE_CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'create-service-e2e',
);

/**
 * The npm cache of the user running the suite, shared by every install the suite makes (an
 * isolated HOME included): the suite's own `npm ci` already holds most of a render's
 * devDependencies, and each later install of a render finds the rest there.
 */
export const NPM_CACHE = path.join(os.homedir(), '.npm');

/** npm settings for every install of a render: the shared warm cache, read before the registry. */
export const NPM_CACHE_ENV = {
  npm_config_cache: NPM_CACHE,
  npm_config_prefer_offline: 'true',
  npm_config_update_notifier: 'false',
};

/**
 * Installs the registry's `node@<major>` package once into the cache and returns its bin
 * folder, to put first on PATH: rendered services need a newer Node than the CLI.
 */
export async function ensureNodeMajor(major: number): Promise<string> {
  const prefix = path.join(NODE_CACHE, `node-${major}`);
  const bin = path.join(prefix, 'node_modules', '.bin');
  if (existsSync(path.join(bin, 'node'))) return bin;
  await mkdir(NODE_CACHE, { recursive: true });
  // Test files run in parallel workers and may ask at once: each installs into its own
  // folder and renames it into place; a loser of that race uses the winner's.
  const staging = await mkdtemp(path.join(NODE_CACHE, `.node-${major}-`));
  await execa('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', `node@${major}`], {
    env: childEnv(NPM_CACHE_ENV),
    stdin: 'ignore',
  });
  const { stdout } = await execa(path.join(staging, 'node_modules', '.bin', 'node'), ['--version']);
  if (!stdout.startsWith(`v${major}.`)) throw new Error(`node@${major} installed ${stdout}`);
  try {
    await rename(staging, prefix);
  } catch (error) {
    if (!existsSync(path.join(bin, 'node'))) throw error;
    await rm(staging, { recursive: true, force: true });
  }
  return bin;
}

/**
 * The parent's environment without what vitest and `npm test` add (NODE_ENV, VITEST_*,
 * npm_*), so a rendered service's own npm and vitest behave as on a developer's machine.
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^(VITEST|npm_|NODE_ENV$|NODE_OPTIONS$|TEST$)/i.test(key))
      env[key] = value;
  return { ...env, ...extra };
}

/** `childEnv` with the given bin folder first on PATH. */
export function envWithNode(
  bin: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return childEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, ...extra });
}
