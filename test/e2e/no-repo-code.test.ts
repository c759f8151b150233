import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir, writeTree, type FileTree } from '../helpers/testdir.js';

/**
 * The trust model's first promise: no code from a repo runs. Every code config the CLI (or
 * cosmiconfig, which it no longer uses for repos) ever looked for writes a marker file when
 * run; they sit in the repo and in a folder above it, and every command is run there.
 */
const HOSTILE = [
  '.platformrc.js',
  '.platformrc.cjs',
  '.platformrc.mjs',
  'platform.config.js',
  'platform.config.mjs',
  'platform.config.cjs',
  'platform.config.ts',
  '.config/platformrc.cjs',
  '.config/platformrc.mjs',
  // cosmiconfig's own meta config, which it runs from the working folder when it starts.
  '.config/config.js',
];

let markers: string;

function hostileFiles(where: string): FileTree {
  return Object.fromEntries(
    HOSTILE.map((file) => {
      const mark = path.join(markers, `${where}-${file.replaceAll('/', '_')}`);
      const write = `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'ran');`;
      const body = file.endsWith('.mjs')
        ? `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(mark)}, 'ran');\nexport default {};\n`
        : `${write}\nmodule.exports = {};\n`;
      return [file, body];
    }),
  );
}

let outer: string;
let service: string;
let plain: string;
let env: Record<string, string>;

beforeAll(async () => {
  markers = await testdir();
  env = await isolatedEnv();
  outer = await testdir(hostileFiles('parent'));
  // A service rendered from the built-in catalog, with hostile files committed in it.
  const made = await runBin(
    'create-service',
    ['svc', '-t', 'node-http-service@1.1.0', '--set', 'name=orders', '-y', '--no-install'],
    { cwd: outer, env },
  );
  expect(made.exitCode, made.stderr).toBe(0);
  service = path.join(outer, 'svc');
  await writeTree(service, hostileFiles('service'));
  gitSync(service, 'add', '--all');
  gitSync(service, 'commit', '--quiet', '-m', 'hostile configs');
  // A repo folder copied rather than cloned keeps its .git/config, whose fsmonitor hook is a
  // program git status runs. (Set last: the test's own git runs would run it too.)
  const hook = path.join(markers, 'service-fsmonitor');
  gitSync(service, 'config', 'core.fsmonitor', `touch '${hook}'; echo`);
  // A repo that was never scaffolded, for adopt and for create-service's working folder.
  plain = path.join(outer, 'plain');
  await mkdir(plain);
  await writeTree(plain, {
    ...hostileFiles('plain'),
    'package.json': '{"name":"plain"}',
  });
  gitSync(plain, 'init', '--quiet');
  gitSync(plain, 'add', '--all');
  gitSync(plain, 'commit', '--quiet', '-m', 'initial');
}, 60_000);

const ran = () => readdirSync(markers);

describe('no code from a repo runs', () => {
  it.each([
    ['check', ['check']],
    ['doctor', ['doctor']],
    ['diff', ['diff']],
    ['upgrade --dry-run', ['upgrade', '--dry-run']],
    ['config print', ['config', 'print']],
  ])('platform %s', async (_name, args) => {
    const run = await runBin('platform', args, { cwd: service, env });
    expect([0, 1], run.stderr).toContain(run.exitCode);
    expect(ran()).toEqual([]);
    for (const file of ['.platformrc.cjs', 'platform.config.ts', '.config/platformrc.mjs'])
      expect(run.stderr).toContain(`${path.join(service, file)} is not loaded`);
    // Above the repo root nothing is read, so nothing there is named either.
    expect(run.stderr).not.toContain(`${path.join(outer, '.platformrc.cjs')}`);
  });

  it('platform check from a subfolder, and with --fleet over the parent', async () => {
    const sub = await runBin('platform', ['check'], { cwd: path.join(service, 'src'), env });
    expect([0, 1], sub.stderr).toContain(sub.exitCode);
    const fleet = await runBin('platform', ['check', '--fleet', outer], { cwd: outer, env });
    expect(fleet.exitCode, fleet.stderr).not.toBe(3);
    expect(ran()).toEqual([]);
  });

  it('platform adopt', async () => {
    const run = await runBin('platform', ['adopt', '-t', 'node-http-service@1.1.0'], {
      cwd: plain,
      env,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(ran()).toEqual([]);
    expect(run.stderr).toContain(`${path.join(plain, 'platform.config.js')} is not loaded`);
    gitSync(plain, 'checkout', '--quiet', '--', '.');
    gitSync(plain, 'clean', '-fdq');
  });

  it('create-service in a folder holding code configs', async () => {
    const run = await runBin(
      'create-service',
      ['made', '-t', 'node-http-service@1.1.0', '--set', 'name=made', '-y', '--no-install'],
      { cwd: plain, env },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(ran()).toEqual([]);
    expect(run.stderr).toContain(`${path.join(plain, '.platformrc.mjs')} is not loaded`);
  });
});
