import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_IDS, newestBuiltin } from './builtin-templates.js';
import { NPM_CACHE_ENV, childEnv, ensureNodeMajor } from './node-runtime.js';
import { ROOT, isolatedEnv, runBin } from './run-bin.js';
import { testdir } from './testdir.js';

/** Rendered services target this Node major (the built-in package.json's engines). */
export const SERVICE_NODE_MAJOR = 24;

export interface NewestTemplate {
  id: string;
  version: string;
  /** The `ci` parameter's choices, from the manifest. */
  ciChoices: string[];
}

/** Each built-in template at its newest version, with its `ci` choices from the manifest. */
export function newestBuiltins(): NewestTemplate[] {
  return BUILTIN_IDS.map((id) => {
    const version = newestBuiltin(id);
    const manifest = parseYaml(
      readFileSync(path.join(ROOT, 'templates', id, version, 'template.yaml'), 'utf8'),
    ) as { parameters?: { name: string; choices?: string[] }[] };
    const ciChoices = manifest.parameters?.find((p) => p.name === 'ci')?.choices ?? [];
    return { id, version, ciChoices };
  });
}

/** Every (newest template, ci choice) pair, for `describe.each`. */
export function newestRenders(): { id: string; version: string; ci: string }[] {
  return newestBuiltins().flatMap(({ id, version, ciChoices }) =>
    ciChoices.map((ci) => ({ id, version, ci })),
  );
}

/**
 * An isolated env for the CLI with the services' Node first on PATH and the suite's shared
 * npm cache, so `create-service` installs and `platform upgrade` refresh lockfiles as a team would.
 * The machine's own settings (CA bundle, proxies) pass through: npm needs them to reach its
 * registry, and an isolated HOME has no npmrc.
 */
export async function serviceEnv(extra: Record<string, string> = {}) {
  const bin = await ensureNodeMajor(SERVICE_NODE_MAJOR);
  const isolated = await isolatedEnv({
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    ...NPM_CACHE_ENV,
    ...extra,
  });
  return { ...childEnv(), ...isolated };
}

/**
 * Renders `id@version` with `ci` into a fresh folder through the built bin, with git (and
 * install unless `install: false`), and returns the service folder.
 */
export async function renderService(
  { id, version, ci }: { id: string; version: string; ci: string },
  { install = true, env }: { install?: boolean; env?: Record<string, string> } = {},
): Promise<string> {
  const cwd = await testdir();
  const name = `e2e-${ci}`;
  const args = [name, '-t', `${id}@${version}`, '--set', `name=${name}`, '--set', `ci=${ci}`];
  const result = await runBin(
    'create-service',
    args.concat(['--yes'], install ? [] : ['--no-install']),
    { cwd, env: env ?? (await serviceEnv()) },
  );
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  return path.join(cwd, name);
}
