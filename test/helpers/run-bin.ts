import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { GIT_ENV, testdir } from './testdir.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = {
  'create-service': path.join(ROOT, 'bin/create-service.js'),
  platform: path.join(ROOT, 'bin/platform.js'),
};

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A scrubbed environment with its own HOME and XDG folders, so no user config leaks in. */
export async function isolatedEnv(
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const home = await testdir();
  const xdg = Object.fromEntries(
    ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'].map((key) => [
      key,
      path.join(home, key.toLowerCase()),
    ]),
  );
  await Promise.all(Object.values(xdg).map((dir) => mkdir(dir, { recursive: true })));
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    ...xdg,
    ...GIT_ENV,
    NO_COLOR: '1',
    PLATFORM_TELEMETRY_DISABLED: '1',
    ...extra,
  };
}

/** Runs a built bin (`npm run build` first) in `cwd` with an isolated env. */
export async function runBin(
  bin: keyof typeof BIN,
  args: string[],
  { cwd, env, input }: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<RunResult> {
  const result = await execa('node', [BIN[bin], ...args], {
    cwd,
    env: env ?? (await isolatedEnv()),
    extendEnv: false,
    reject: false,
    ...(input !== undefined ? { input } : { stdin: 'ignore' }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
