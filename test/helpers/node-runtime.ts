import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/** Where the suite keeps the Node.js majors that rendered services target. */
export const NODE_CACHE = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'create-service-e2e',
);

/**
 * Installs the registry's `node@<major>` package once into the cache and returns its bin
 * folder, to put first on PATH: rendered services need a newer Node than the CLI.
 */
export async function ensureNodeMajor(major: number): Promise<string> {
  const prefix = path.join(NODE_CACHE, `node-${major}`);
  const bin = path.join(prefix, 'node_modules', '.bin');
  if (existsSync(path.join(bin, 'node'))) return bin;
  await mkdir(prefix, { recursive: true });
  await execa(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', `node@${major}`],
    { env: childEnv(), stdin: 'ignore' },
  );
  const { stdout } = await execa(path.join(bin, 'node'), ['--version']);
  if (!stdout.startsWith(`v${major}.`)) throw new Error(`node@${major} installed ${stdout}`);
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
