import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { isolatedEnv, runBin, type RunResult } from '../helpers/run-bin.js';
import { gitSync, testdir, writeTree, type FileTree } from '../helpers/testdir.js';
import type { TemplateRepo } from '../helpers/template-repo.js';

/** Renders `repo@version` with create-service into a fresh git repo and returns its folder. */
export async function scaffold(
  repo: TemplateRepo,
  version: string,
  { name = 'orders', set = [] as string[], parent = '', folder = 'svc' } = {},
): Promise<string> {
  parent ||= await testdir();
  const args = [folder, '-t', `${repo.id}@${version}`, '--catalog', repo.catalog];
  const result = await runBin(
    'create-service',
    [
      ...args,
      '--set',
      `name=${name}`,
      ...set.flatMap((s) => ['--set', s]),
      '--yes',
      '--no-install',
    ],
    { cwd: parent },
  );
  expect(result.stderr).not.toMatch(/✖/);
  expect(result.exitCode).toBe(0);
  return path.join(parent, folder);
}

/** Writes files into the service and commits them, as a team would. */
export async function commitEdits(dir: string, files: FileTree, message = 'local edits') {
  await writeTree(dir, files);
  gitSync(dir, 'add', '--all');
  gitSync(dir, 'commit', '--quiet', '-m', message);
}

/** Runs `platform upgrade` in `dir` with an isolated environment that trusts its catalog. */
export async function upgrade(dir: string, args: string[] = []): Promise<RunResult> {
  return runBin('platform', ['upgrade', ...args], { cwd: dir, env: await trustingEnv(dir) });
}

/**
 * An isolated environment whose user config lists the catalog the service records (and the
 * built-in one), as the user who rendered it would have configured it: a repo alone cannot make
 * the CLI open a catalog (see test/drift/catalog-sources.test.ts for the untrusted case).
 */
export async function trustingEnv(dir: string): Promise<Record<string, string>> {
  const env = await isolatedEnv();
  let recorded: string | undefined;
  try {
    recorded = (
      JSON.parse(await read(dir, '.platform/service.json')) as {
        template: { catalog: string };
      }
    ).template.catalog;
  } catch {
    return env;
  }
  const source =
    recorded === 'builtin' || /^(git\+|npm:)/.test(recorded)
      ? recorded
      : path.resolve(dir, recorded);
  await writeTree(path.join(env.XDG_CONFIG_HOME!, 'platform'), {
    'config.json': JSON.stringify({ catalogs: ['builtin', source] }),
  });
  return env;
}

/** Runs `platform upgrade --json` and parses its one document. */
export async function upgradeJson(dir: string, args: string[] = []) {
  const result = await upgrade(dir, [...args, '--json']);
  return { ...result, doc: JSON.parse(result.stdout) as Record<string, unknown> & UpgradeDoc };
}

export interface UpgradeDoc {
  error?: { code: string; message: string; hint?: string; details?: string[] };
  files: {
    path: string;
    action: string;
    reason: string;
    conflicts?: number;
    localPatch?: string;
  }[];
  conflicts: string[];
  from: string;
  to: string;
}

export const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');

/** `git status --porcelain` of the service. */
export const status = (dir: string) => gitSync(dir, 'status', '--porcelain');

export async function recordedVersion(dir: string): Promise<string> {
  const state = JSON.parse(await read(dir, '.platform/service.json')) as {
    template: { version: string };
  };
  return state.template.version;
}
