import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitdir, gitSync, testdir } from '../helpers/testdir.js';
import { fixtureCatalog, PNG_BYTES } from './fixtures.js';

const create = (cwd: string, args: string[], env?: Record<string, string>) =>
  runBin('create-service', args, { cwd, ...(env && { env }) });

describe('create-service with git', () => {
  it('initializes git with one commit, and leaves an enclosing repo alone', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const run = await create(cwd, [
      'g',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=gee',
      '--no-install',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(gitSync(path.join(cwd, 'g'), 'log', '--format=%s')).toBe(
      'Scaffold svc@1.1.0 with create-service',
    );
    expect(gitSync(path.join(cwd, 'g'), 'status', '--porcelain')).toBe('');
    const mono = await gitdir({ 'README.md': 'mono' });
    const inner = await create(mono, [
      'services/x',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=exx',
      '--no-install',
    ]);
    expect(inner.exitCode, inner.stderr).toBe(0);
    expect(existsSync(path.join(mono, 'services/x/.git'))).toBe(false);
    expect(gitSync(mono, 'log', '--format=%s')).toBe('initial');
  });

  it('warns but succeeds when git or the install fails', async () => {
    const catalog = await catalogDir({
      dep: {
        '1.0.0': { files: { 'package.json': '{"name":"x","dependencies":{"left-pad":"1.3.0"}}' } },
      },
    });
    const cwd = await testdir();
    const env = await isolatedEnv({
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: path.join(cwd, '.npm-cache'),
    });
    delete (env as Record<string, string | undefined>).GIT_AUTHOR_NAME;
    Object.assign(env, {
      GIT_AUTHOR_EMAIL: '',
      GIT_COMMITTER_EMAIL: '',
      GIT_COMMITTER_NAME: '',
      EMAIL: '',
      GIT_CONFIG_KEY_2: 'user.useConfigOnly',
      GIT_CONFIG_VALUE_2: 'true',
      GIT_CONFIG_COUNT: '3',
    });
    const run = await create(cwd, ['w', '--catalog', catalog, '-t', 'dep', '--yes', '--json'], env);
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.install).toBe('failed');
    expect(doc.git).toBe('failed');
    expect(doc.warnings.join('\n')).toMatch(/npm install failed; run it yourself/);
    expect(doc.warnings.join('\n')).toMatch(/git init or the first commit failed/);
    expect(existsSync(path.join(cwd, 'w/package.json'))).toBe(true);
  });

  it('reads git+file:// catalogs from tags', async () => {
    const source = await fixtureCatalog();
    const repo = await gitdir();
    for (const version of ['1.0.0', '1.1.0']) {
      const { cp, rm } = await import('node:fs/promises');
      await rm(path.join(repo, 'svc'), { recursive: true, force: true });
      await cp(path.join(source, 'svc', version), path.join(repo, 'svc'), { recursive: true });
      gitSync(repo, 'add', '--all');
      gitSync(repo, 'commit', '--quiet', '-m', `svc ${version}`);
      gitSync(repo, 'tag', `svc@${version}`);
    }
    const cwd = await testdir();
    const run = await create(cwd, [
      'g',
      '--catalog',
      `git+file://${repo}`,
      '-t',
      'svc@^1.0.0 <1.1.0',
      '--set',
      'name=gitty',
      '--no-git',
      '--no-install',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).template).toEqual({
      catalog: `git+file://${repo}`,
      id: 'svc',
      version: '1.0.0',
    });
    expect(await readFile(path.join(cwd, 'g/assets/logo.png'))).toEqual(PNG_BYTES);
  });

  it('reads a single-template git repo whose tags are v<semver>', async () => {
    const source = await fixtureCatalog();
    const repo = await gitdir();
    const { cp } = await import('node:fs/promises');
    await cp(path.join(source, 'svc', '1.0.0'), repo, { recursive: true });
    gitSync(repo, 'add', '--all');
    gitSync(repo, 'commit', '--quiet', '-m', 'v1.0.0');
    gitSync(repo, 'tag', 'v1.0.0');
    gitSync(repo, 'tag', 'not-a-version');
    const cwd = await testdir();
    const list = await runBin(
      'platform',
      ['templates', 'list', '--catalog', `git+${repo}`, '--json'],
      { cwd },
    );
    expect(JSON.parse(list.stdout).templates[0]).toMatchObject({
      id: 'svc',
      versions: ['1.0.0'],
      catalog: `git+${repo}`,
    });
    const run = await create(cwd, [
      's',
      '--catalog',
      `git+${repo}`,
      '-t',
      'svc',
      '--set',
      'name=single',
      '--no-git',
      '--no-install',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 's/src/single.ts'), 'utf8')).toContain(
      'export const port = 8080;',
    );
    const bad = await create(cwd, [
      't',
      '--catalog',
      `git+${repo}-missing`,
      '-t',
      'svc',
      '--set',
      'name=single',
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/Could not clone the catalog git\+.*-missing/);
  });
});
