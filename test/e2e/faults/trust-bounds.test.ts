import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../../helpers/catalog.js';
import { BIN, isolatedEnv, runBin } from '../../helpers/run-bin.js';
import { templateRepo } from '../../helpers/template-repo.js';
import { gitdir, gitSync, testdir } from '../../helpers/testdir.js';
import { snapshot } from '../bad-input/row-runner.js';
import { interruptAfterReads } from './process-io.js';

const BOMB = `${'a'.repeat(60)}!`;
const bombTemplate = () =>
  catalogDir({
    t: {
      '1.0.0': {
        manifest: {
          parameters: [{ name: 'name', type: 'string', required: true, pattern: '^(a+)+$' }],
          checks: [
            {
              id: 'ci.bomb',
              category: 'ci',
              severity: 'error',
              message: 'm',
              file: 'README.md',
              contains: '^(a+)+$',
            },
          ],
        },
        files: { 'README.md.hbs': '{{name}}\n' },
      },
    },
  });
const create = (cwd: string, args: string[], env?: Record<string, string>) =>
  runBin('create-service', [...args, '--yes', '--no-install'], { cwd, ...(env && { env }) });

// Root ignores chmod, so read-only and full disks are real tmpfs mounts; skipped where the
// sandbox forbids mounting.
function mountTmpfs(dir: string, options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
}
const umount = (dir: string) => spawnSync('umount', [dir]);

describe('bounded work on hostile text', () => {
  it('answers a regex bomb in a manifest pattern at once', { timeout: 5000 }, async () => {
    const [cwd, catalog] = await Promise.all([testdir(), bombTemplate()]);
    const run = await create(cwd, [
      'out',
      '-t',
      't',
      '--catalog',
      catalog,
      '--set',
      `name=${BOMB}`,
    ]);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/name: must match \^\(a\+\)\+\$/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it(
    'runs a regex bomb in a check over a hostile file in linear time',
    { timeout: 60_000 },
    async () => {
      const catalog = await bombTemplate();
      const parent = await testdir();
      expect(
        (await create(parent, ['svc', '-t', 't', '--catalog', catalog, '--set', 'name=aaa']))
          .exitCode,
      ).toBe(0);
      const repo = path.join(parent, 'svc');
      await writeFile(path.join(repo, 'README.md'), BOMB.repeat(2000));
      gitSync(repo, 'commit', '--quiet', '-am', 'hostile');
      const started = Date.now();
      const run = await runBin('platform', ['check', '--catalog', catalog], { cwd: repo });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/README\.md does not match \/\^\(a\+\)\+\$\/\) \[ci\.bomb\]/);
    },
  );

  it(
    'answers Ctrl-C promptly, with 130, during a check of a huge repo',
    { timeout: 120_000 },
    async () => {
      const parent = await testdir();
      expect(
        (await create(parent, ['svc', '-t', 'node-http-service@1.1.0', '--set', 'name=big']))
          .exitCode,
      ).toBe(0);
      const repo = path.join(parent, 'svc');
      // 400 files just under the 1 MiB scan cap: about 400 MB the check must read and scan.
      const chunk = `export const x = "${'a'.repeat(1_000_000)}";\n`;
      for (let d = 0; d < 4; d++) {
        await mkdir(path.join(repo, 'src/gen', `d${d}`), { recursive: true });
        for (let f = 0; f < 100; f++)
          await writeFile(path.join(repo, 'src/gen', `d${d}`, `f${f}.ts`), chunk);
      }
      gitSync(repo, 'add', '--all');
      gitSync(repo, 'commit', '--quiet', '-m', 'big');
      // The signal goes when the check is provably reading the repo (100 MB read of ~400).
      const run = await interruptAfterReads(['check'], repo, 100_000_000);
      expect(run.sent, 'the check ended before it read 100 MB').toBe(true);
      // The budget is 1 s (230–390 ms measured alone); a test on a shared CI machine, next to
      // another worker's installs, allows 5 s, still far below the 6.8 s a blocking read took.
      expect(run.answerMs).toBeLessThan(5000);
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/Interrupted/);
    },
  );
});

describe('caches are validated when read', () => {
  it('reparses a corrupt manifest cache entry and renders', async () => {
    const [cwd, env] = await Promise.all([testdir(), isolatedEnv()]);
    expect(
      (
        await create(
          cwd,
          ['a', '-t', 'node-http-service@1.1.0', '--set', 'name=aaa', '--no-git'],
          env,
        )
      ).exitCode,
    ).toBe(0);
    const dir = path.join(env.XDG_CACHE_HOME!, 'platform', 'manifests');
    for (const entry of await readdir(dir))
      await writeFile(path.join(dir, entry), '{"id": "evil"}');
    const run = await create(
      cwd,
      ['b', '-t', 'node-http-service@1.1.0', '--set', 'name=bbb', '--no-git'],
      env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'b/.platform/service.json'), 'utf8')).toMatch(
      /"id": "node-http-service"/,
    );
  });

  it.each([
    ['a garbage HEAD', (mirror: string) => writeFile(path.join(mirror, 'HEAD'), 'garbage')],
    ['lost objects', (mirror: string) => spawnSync('sh', ['-c', `rm -rf '${mirror}'/objects/*`])],
  ])('re-clones a git mirror with %s instead of failing for ever', async (_name, damage) => {
    const repo = await templateRepo({ versions: { '1.0.0': { files: { 'a.txt': 'a' } } } });
    const source = repo.catalog;
    const [cwd, env] = await Promise.all([testdir(), isolatedEnv()]);
    const first = await create(
      cwd,
      ['a', '-t', repo.id, '--catalog', source, '--no-git', '--set', 'name=aaa'],
      env,
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const catalogs = path.join(env.XDG_CACHE_HOME!, 'platform', 'catalogs');
    const [hash] = await readdir(catalogs);
    await damage(path.join(catalogs, hash!, 'mirror'));
    spawnSync('rm', ['-rf', path.join(catalogs, hash!, 'versions')]);
    const run = await create(
      cwd,
      ['b', '-t', repo.id, '--catalog', source, '--no-git', '--set', 'name=bbb'],
      env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'b/a.txt'), 'utf8')).toBe('a');
  });
});

describe('environment problems are exit 2 with what to do', () => {
  it('a cache under /proc is a clear exit 2, not a hang', { timeout: 20_000 }, async () => {
    const cwd = await testdir();
    const repo = await gitdir({ 'template.yaml': '' });
    const env = await isolatedEnv({ XDG_CACHE_HOME: '/proc/self/no-cache' });
    const run = await runBin('platform', ['templates', 'list', '--catalog', `git+file://${repo}`], {
      cwd,
      env,
    });
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /Cannot create the folder \/proc\/self\/no-cache\/platform\/catalogs\/\w+: ENOENT/,
    );
    expect(run.stderr).toMatch(/Set XDG_CACHE_HOME to a folder you can write/);
  });

  it('a cache folder that is a file is exit 2 naming it', async () => {
    const cwd = await testdir({ 'cache-file': 'x' });
    const repo = await gitdir({ 'template.yaml': '' });
    const env = await isolatedEnv({ XDG_CACHE_HOME: path.join(cwd, 'cache-file') });
    const run = await runBin('platform', ['templates', 'list', '--catalog', `git+file://${repo}`], {
      cwd,
      env,
    });
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/Cannot create the folder .*cache-file\/platform\/catalogs/);
  });

  it('without git, create-service warns and exits 0, and check is exit 2', async () => {
    const bin = await testdir();
    await symlink(process.execPath, path.join(bin, 'node'));
    const env = await isolatedEnv({ PATH: bin });
    const cwd = await testdir();
    const made = await create(
      cwd,
      ['svc', '-t', 'node-http-service@1.1.0', '--set', 'name=orders'],
      env,
    );
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stderr).toMatch(
      /⚠ git init or the first commit failed: git is not installed or not on PATH/,
    );
    const check = await runBin('platform', ['check'], { cwd: path.join(cwd, 'svc'), env });
    expect(check.exitCode).toBe(2);
    expect(check.stderr).toMatch(/git is not installed or not on PATH\n.*Install git/);
  });

  it('a closed stdout ends the command quietly (a real pipe to head -c 1)', async () => {
    const cwd = await testdir();
    const run = spawnSync(
      'bash',
      [
        '-c',
        `node '${BIN.platform}' templates show node-http-service | head -c 1; echo " \${PIPESTATUS[0]}" >&2`,
      ],
      { cwd, env: await isolatedEnv(), encoding: 'utf8' },
    );
    expect(run.stdout).toMatch(/^\S$/);
    expect(run.stderr.trim()).toBe('0');
  });

  it.each([
    ['read-only', 'ro,size=1m', /read-only file system/],
    ['full', 'size=16k', /No space left on the device/],
  ])('a %s disk is exit 2, and nothing is left behind', async (_name, options, message) => {
    const mnt = await testdir();
    if (!mountTmpfs(mnt, options)) return void console.warn(`skipped: cannot mount a tmpfs here`);
    try {
      const run = await create(mnt, [
        'svc',
        '-t',
        'node-http-service@1.1.0',
        '--set',
        'name=orders',
      ]);
      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(await snapshot(mnt)).toEqual({});
    } finally {
      umount(mnt);
    }
  });
});
