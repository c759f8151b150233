// Slow: `platform templates test --run` installs, tests and builds a built-in render with the
// Node major the service targets, the way the render's first pipeline would.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { expect, it } from 'vitest';
import { NPM_CACHE_ENV, ensureNodeMajor, envWithNode } from '../helpers/node-runtime.js';
import { ROOT, isolatedEnv, runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

const newest = (id: string) =>
  readdirSync(path.join(ROOT, 'templates', id)).sort(semver.rcompare)[0]!;

it('templates test --run installs, tests and builds the render of a built-in', async () => {
  const cwd = await testdir();
  const dir = path.join(ROOT, 'templates/node-worker', newest('node-worker'));
  const shown = await runBin(
    'platform',
    ['templates', 'show', `node-worker@${newest('node-worker')}`, '--json'],
    { cwd },
  );
  const { template } = JSON.parse(shown.stdout) as {
    template: { parameters: Array<{ name: string; type: string; default?: unknown }> };
  };
  // Every choice fixed at its default: one render, so one install.
  const fixed = template.parameters
    .filter((p) => (p.type === 'enum' || p.type === 'boolean') && p.default !== undefined)
    .flatMap((p) => ['--set', `${p.name}=${String(p.default)}`]);
  // An isolated home, but npm's shared download cache, and Node 24 first on PATH.
  const env = await isolatedEnv({
    PATH: envWithNode(await ensureNodeMajor(24)).PATH!,
    ...NPM_CACHE_ENV,
  });
  const result = await runBin('platform', ['templates', 'test', dir, '--run', '--json', ...fixed], {
    cwd,
    env,
  });
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  const doc = JSON.parse(result.stdout) as {
    combinations: Array<{ name: string; steps: Array<{ name: string; status: string }> }>;
  };
  expect(doc.combinations).toHaveLength(1);
  expect(doc.combinations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
    ['renders', 'passed'],
    ['passes its checks', 'passed'],
    ['install', 'passed'],
    ['test', 'passed'],
    ['build', 'passed'],
  ]);
}, 1_200_000);
