import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers/run-bin.js';

// The shared cache convention of the e2e suites; the templates suite's XDG cache is reused
// when it already holds the major, so a machine installs each Node major once.
const CACHES = [
  path.join(ROOT, 'node_modules', '.cache', 'create-service-e2e'),
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'create-service-e2e'),
];

/** Installs the registry's `node@<major>` once and returns its bin folder for PATH. */
export async function ensureNodeMajor(major: number): Promise<string> {
  for (const cache of CACHES) {
    const bin = path.join(cache, `node-${major}`, 'node_modules', '.bin');
    if (existsSync(path.join(bin, 'node'))) return bin;
  }
  const prefix = path.join(CACHES[0]!, `node-${major}`);
  await mkdir(prefix, { recursive: true });
  await execa(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', `node@${major}`],
    { env: childEnv(), stdin: 'ignore' },
  );
  const bin = path.join(prefix, 'node_modules', '.bin');
  const { stdout } = await execa(path.join(bin, 'node'), ['--version']);
  if (!stdout.startsWith(`v${major}.`)) throw new Error(`node@${major} installed ${stdout}`);
  return bin;
}

/** The parent's environment without what vitest and npm add, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^(VITEST|npm_|NODE_ENV$|NODE_OPTIONS$|TEST$)/i.test(key))
      env[key] = value;
  return { ...env, ...extra };
}
