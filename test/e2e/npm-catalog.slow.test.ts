// npm catalogs against a real registry: Verdaccio on 127.0.0.1, to which the test publishes a
// catalog package at two versions, then resolution, the cache, offline reuse and precedence.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { configuredRegistry, startRegistry, type LocalRegistry } from '../helpers/verdaccio.js';

const manifest = (version: string) =>
  `schemaVersion: 1\nid: api\nversion: ${version}\nname: Api\ndescription: The api template ${version}.\nparameters:\n  - { name: name, type: string, required: true }\n`;

let registry: LocalRegistry;
let env: Record<string, string>;
let cache = '';

beforeAll(async () => {
  registry = await startRegistry(await configuredRegistry());
  const v1 = await testdir({
    'package.json': JSON.stringify({ name: '@acme/templates', version: '1.0.0' }),
    'templates/api/1.0.0/template.yaml': manifest('1.0.0'),
    'templates/api/1.0.0/files/README.md.hbs': '# {{name}} from 1.0.0\n',
  });
  // 2.0.0 keeps its catalog in another folder, named by platform.catalog.
  const v2 = await testdir({
    'package.json': JSON.stringify({
      name: '@acme/templates',
      version: '2.0.0',
      platform: { catalog: 'catalog' },
    }),
    'catalog/api/1.0.0/template.yaml': manifest('1.0.0'),
    'catalog/api/1.0.0/files/README.md.hbs': '# {{name}} from 1.0.0\n',
    'catalog/api/1.1.0/template.yaml': manifest('1.1.0'),
    'catalog/api/1.1.0/files/README.md.hbs': '# {{name}} from 1.1.0\n',
  });
  const empty = await testdir({
    'package.json': JSON.stringify({ name: '@acme/no-catalog', version: '1.0.0' }),
    'index.js': 'export {};\n',
  });
  for (const dir of [v1, v2, empty]) await registry.publish(dir);
  env = await isolatedEnv({
    NPM_CONFIG_USERCONFIG: registry.userconfig,
    npm_config_registry: registry.url,
  });
  env.npm_config_cache = path.join(env.HOME!, '.npm');
  cache = path.join(env.XDG_CACHE_HOME!, 'platform');
}, 180_000);

afterAll(async () => {
  await registry?.stop();
});

const create = (cwd: string, catalog: string) =>
  runBin(
    'create-service',
    [
      'svc',
      '-t',
      'api',
      '--catalog',
      catalog,
      '-s',
      'name=svc',
      '--yes',
      '--no-git',
      '--no-install',
    ],
    { cwd, env },
  );
const state = (cwd: string) =>
  JSON.parse(readFileSync(path.join(cwd, 'svc/.platform/service.json'), 'utf8')) as {
    template: { catalog: string; version: string };
  };

describe('npm catalogs', () => {
  it('resolves the newest package in range, renders from its catalog folder, and records the exact version', async () => {
    const cwd = await testdir();
    const result = await create(cwd, 'npm:@acme/templates');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(state(cwd).template).toMatchObject({
      catalog: 'npm:@acme/templates@2.0.0',
      version: '1.1.0',
    });
    expect(readFileSync(path.join(cwd, 'svc/README.md'), 'utf8')).toBe('# svc from 1.1.0\n');
    expect(existsSync(path.join(cache, 'npm/@acme/templates/2.0.0/package.json'))).toBe(true);

    const older = await testdir();
    expect((await create(older, 'npm:@acme/templates@^1')).exitCode).toBe(0);
    expect(state(older).template).toMatchObject({
      catalog: 'npm:@acme/templates@1.0.0',
      version: '1.0.0',
    });
    // The recorded exact version is checked against the same package, from the cache.
    const check = await runBin(
      'platform',
      ['check', 'svc', '--catalog', 'npm:@acme/templates@2.0.0'],
      { cwd, env },
    );
    expect(check.stdout + check.stderr).not.toMatch(/template\.unknown/);
  });

  it('prefers a copy installed in the repo over the registry', async () => {
    const cwd = await testdir({ 'package.json': '{"name":"proj","private":true}' });
    await create(await testdir(), 'npm:@acme/templates@1.0.0');
    cpSync(
      path.join(cache, 'npm/@acme/templates/1.0.0'),
      path.join(cwd, 'node_modules/@acme/templates'),
      { recursive: true },
    );
    const list = await runBin(
      'platform',
      ['templates', 'list', '--catalog', 'npm:@acme/templates', '--json'],
      { cwd, env },
    );
    expect(list.exitCode, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).templates[0]).toMatchObject({ id: 'api', latest: '1.0.0' });
  });

  it('refuses an unknown package and a package without a catalog folder with exit 2', async () => {
    const cwd = await testdir();
    const unknown = await create(cwd, 'npm:@acme/nope');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/npm:@acme\/nope does not exist on the configured registry/);
    const noCatalog = await create(cwd, 'npm:@acme/no-catalog');
    expect(noCatalog.exitCode).toBe(2);
    expect(noCatalog.stderr).toMatch(/@acme\/no-catalog@1\.0\.0 has no catalog folder templates\//);
    const bad = await create(cwd, 'npm:Not A Package');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/is not an npm catalog/);
    expect(existsSync(path.join(cwd, 'svc'))).toBe(false);
  });

  it('works offline from the cache with a note, and says what to do when nothing is cached', async () => {
    const cwd = await testdir();
    await create(cwd, 'npm:@acme/templates');
    await registry.stop();
    // npm's own HTTP cache would answer `npm view` from memory of the registry: start empty.
    const offlineEnv = { ...env, npm_config_cache: await testdir() };
    const offline = await runBin(
      'platform',
      ['templates', 'list', '--catalog', 'npm:@acme/templates'],
      { cwd, env: offlineEnv },
    );
    expect(offline.exitCode, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/api\s+1\.1\.0/);
    expect(offline.stderr).toMatch(/out of reach .*npm:@acme\/templates@2\.0\.0 from the cache/);
    const uncached = await runBin(
      'create-service',
      ['svc', '-t', 'api', '--catalog', 'npm:@acme/other', '-s', 'name=svc', '--yes', '--no-git'],
      { cwd: await testdir(), env: offlineEnv },
    );
    expect(uncached.exitCode).toBe(2);
    expect(uncached.stderr).toMatch(/cannot be resolved: the registry is out of reach/);
    expect(uncached.stderr).not.toMatch(/_authToken|token/i);
  });
});
