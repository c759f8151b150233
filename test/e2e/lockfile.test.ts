import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir, writeTree } from '../helpers/testdir.js';

// A template with no dependencies: `npm install` then only writes the lockfile, offline and fast.
const version = (v: string) => ({
  manifest: {
    parameters: [{ name: 'name', type: 'string', required: true }],
    files: { managed: ['ci.yml'] },
  },
  files: {
    'package.json.hbs': `{ "name": "{{name}}", "version": "${v}", "private": true }\n`,
    'ci.yml.hbs': `run: npm ci # ${v}\n`,
    '.gitignore': 'node_modules\n',
  },
});

const catalog = () =>
  catalogDir({ tiny: { '1.0.0': version('1.0.0'), '1.1.0': version('1.1.0') } });

async function create(parent: string, catalogRoot: string, extra: string[] = []) {
  const args = ['svc', '-t', 'tiny@1.0.0', '--catalog', catalogRoot, '--set', 'name=svc', '-y'];
  return runBin('create-service', [...args, ...extra], { cwd: parent });
}

const lockVersion = async (dir: string) =>
  (JSON.parse(await readFile(path.join(dir, 'package-lock.json'), 'utf8')) as { version: string })
    .version;

describe('lockfiles', () => {
  it('create-service installs before the first commit, so the lockfile is in it', async () => {
    const [parent, root] = await Promise.all([testdir(), catalog()]);
    const result = await create(parent, root);
    expect(result.exitCode, result.stderr).toBe(0);
    const dir = path.join(parent, 'svc');
    const committed = gitSync(dir, 'show', '--stat', '--format=', 'HEAD');
    expect(committed).toContain('package-lock.json');
    expect(committed).not.toContain('node_modules');
    expect(gitSync(dir, 'status', '--porcelain')).toBe('');
    expect(result.stdout).not.toMatch(/npm install/);
  });

  it('a failed install only warns, and the first commit is still made', async () => {
    const root = await catalogDir({
      dep: {
        '1.0.0': { files: { 'package.json': '{"name":"x","dependencies":{"left-pad":"1.3.0"}}' } },
      },
    });
    const parent = await testdir();
    const env = await isolatedEnv({
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: path.join(parent, '.npm-cache'),
    });
    const args = ['w', '--catalog', root, '-t', 'dep', '--yes', '--json'];
    const run = await runBin('create-service', args, { cwd: parent, env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ install: 'failed', git: 'initialized' });
    expect(gitSync(path.join(parent, 'w'), 'show', '--stat', '--format=', 'HEAD')).toContain(
      'package.json',
    );
  });

  it('with --no-install, the next steps say how to make and commit the lockfile', async () => {
    const [parent, root] = await Promise.all([testdir(), catalog()]);
    const result = await create(parent, root, ['--no-install']);
    expect(result.exitCode, result.stderr).toBe(0);
    const dir = path.join(parent, 'svc');
    expect(existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
    expect(result.stdout).toContain(
      'npm install && git add package-lock.json && git commit -m "Add the lockfile"',
    );
    const json = await create(await testdir(), root, ['--no-install', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      install: 'skipped',
      lockfile: 'package-lock.json',
    });
  });

  it('upgrade refreshes the lockfile when package.json changes, and commits it', async () => {
    const [parent, root] = await Promise.all([testdir(), catalog()]);
    expect((await create(parent, root)).exitCode).toBe(0);
    const dir = path.join(parent, 'svc');
    expect(await lockVersion(dir)).toBe('1.0.0');
    const env = await isolatedEnv();

    const dry = await runBin('platform', ['upgrade', '--dry-run', '--catalog', root], {
      cwd: dir,
      env,
    });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(
      /refresh\s+package-lock\.json .*would run `npm install --package-lock-only --ignore-scripts/,
    );
    expect(await lockVersion(dir)).toBe('1.0.0');

    const run = await runBin('platform', ['upgrade', '--commit', '--catalog', root], {
      cwd: dir,
      env,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/committed [0-9a-f]{7}, package-lock\.json included\./);
    expect(await lockVersion(dir)).toBe('1.1.0');
    const committed = gitSync(dir, 'show', '--stat', '--format=', 'HEAD');
    expect(committed).toContain('package-lock.json');
    expect(committed).toContain('package.json');
    expect(gitSync(dir, 'status', '--porcelain')).toBe('');
  });

  it('without a lockfile, upgrade makes none and says how to', async () => {
    const [parent, root] = await Promise.all([testdir(), catalog()]);
    expect((await create(parent, root, ['--no-install'])).exitCode).toBe(0);
    const dir = path.join(parent, 'svc');
    const run = await runBin('platform', ['upgrade', '--json', '--catalog', root], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).lockfile).toMatchObject({
      file: 'package-lock.json',
      status: 'skipped',
      reason: 'there is none; run `npm install` and commit package-lock.json',
    });
    expect(existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
  });

  it('a failed refresh is a warning naming the command, and the upgrade stands', async () => {
    const [parent, root] = await Promise.all([testdir(), catalog()]);
    expect((await create(parent, root, ['--no-install'])).exitCode).toBe(0);
    const dir = path.join(parent, 'svc');
    // The team uses bun; a PATH with only node and git has no bun, so the refresh fails.
    await writeTree(dir, { 'bun.lock': '{}\n' });
    gitSync(dir, 'add', '--all');
    gitSync(dir, 'commit', '--quiet', '-m', 'bun lockfile');
    const bin = await testdir();
    for (const tool of ['node', 'git']) await symlink(which(tool), path.join(bin, tool));
    const env = await isolatedEnv({ PATH: bin });

    const run = await runBin('platform', ['upgrade', '--json', '--catalog', root], {
      cwd: dir,
      env,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { status: string; lockfile: Record<string, string> };
    expect(doc.status).toBe('upgraded');
    expect(doc.lockfile).toMatchObject({
      file: 'bun.lock',
      status: 'failed',
      command: 'bun install --lockfile-only --ignore-scripts',
    });
    expect(doc.lockfile.reason).toContain('run it yourself and commit bun.lock');
    expect(await readFile(path.join(dir, 'package.json'), 'utf8')).toContain('"1.1.0"');

    gitSync(dir, 'checkout', '--quiet', '--', '.');
    const text = await runBin('platform', ['upgrade', '--catalog', root], { cwd: dir, env });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/bun\.lock was not refreshed: `bun install --lockfile-only/);
  });
});

function which(tool: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter))
    if (existsSync(path.join(dir, tool))) return path.join(dir, tool);
  throw new Error(`${tool} is not on PATH`);
}
