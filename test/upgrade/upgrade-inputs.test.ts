import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';
import { commitEdits, read, scaffold, status, upgradeJson } from './upgrade-helpers.js';

const NAME = { name: 'name', type: 'string', required: true };
const REGION = { name: 'region', type: 'enum', choices: ['eu', 'us'], required: true };

let repo: TemplateRepo;
beforeAll(async () => {
  repo = await templateRepo({
    versions: {
      '1.0.0': { files: { 'README.md.hbs': '# {{name}}\n' } },
      '1.1.0': {
        manifest: { parameters: [NAME, REGION] },
        files: { 'README.md.hbs': '# {{name}}\n\nRegion: {{region}}\n' },
      },
      '2.0.0': {
        manifest: { parameters: [{ ...NAME, pattern: '^[a-z]{1,5}$' }, REGION] },
        files: { 'README.md.hbs': '# {{name}} ({{region}})\n' },
      },
      '3.0.0': {
        manifest: { parameters: [{ name: 'name', type: 'strin' }] },
        files: { 'README.md.hbs': '# {{name}}\n' },
      },
      '4.0.0': { files: { 'README.md.hbs': '# {{name}} {{owner}}\n' } },
    },
  });
});

describe('platform upgrade answers and target validation', () => {
  it('names a new required parameter and takes it from --set', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const missing = await upgradeJson(dir, ['--to', '1.1.0']);
    expect(missing.exitCode).toBe(2);
    expect(missing.doc.error).toMatchObject({ code: 'ANSWERS' });
    expect(missing.doc.error?.message).toMatch(/region/);
    expect(missing.doc.error?.hint).toMatch(/--set region=/);
    expect(status(dir)).toBe('');
    const given = await upgradeJson(dir, ['--to', '1.1.0', '--set', 'region=eu']);
    expect(given.exitCode).toBe(0);
    expect(await read(dir, 'README.md')).toBe('# orders\n\nRegion: eu\n');
    const state = JSON.parse(await read(dir, '.platform/service.json')) as { answers: object };
    expect(state.answers).toEqual({ name: 'orders', region: 'eu' });
  });

  it('names recorded answers the new version rejects and how to supply new ones', async () => {
    const dir = await scaffold(repo, '1.1.0', { set: ['region=us'] });
    const rejected = await upgradeJson(dir, ['--to', '2.0.0']);
    expect(rejected.exitCode).toBe(2);
    expect(rejected.doc.error?.message).toMatch(/does not accept the answers/);
    expect(rejected.doc.error?.details?.join('\n')).toMatch(/^name: .*"orders"/);
    expect(rejected.doc.error?.hint).toMatch(/--set name=/);
    const fixed = await upgradeJson(dir, ['--to', '2.0.0', '--set', 'name=ordrs']);
    expect(fixed.exitCode).toBe(0);
    expect(await read(dir, 'README.md')).toBe('# ordrs (us)\n');
  });

  it('refuses a target version whose manifest is invalid, naming the field', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const { exitCode, doc } = await upgradeJson(dir, ['--to', '3.0.0', '--set', 'region=eu']);
    expect(exitCode).toBe(2);
    expect(doc.error?.code).toBe('MANIFEST');
    expect(doc.error?.details?.join('\n')).toMatch(/parameters\[0\]\.type/);
    expect(status(dir)).toBe('');
  });

  it('refuses a target version that uses an undeclared variable', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const { exitCode, doc } = await upgradeJson(dir, ['--to', '4.0.0']);
    expect(exitCode).toBe(2);
    expect(doc.error?.details?.join('\n')).toMatch(/\{\{owner\}\} is not a declared parameter/);
    expect(status(dir)).toBe('');
  });
});

describe('platform upgrade --fleet --dry-run', () => {
  it('summarises every repo under the folder and writes nothing', async () => {
    const fleet = await testdir();
    const a = await scaffold(repo, '1.0.0', { parent: fleet, folder: 'a-behind' });
    await scaffold(repo, '2.0.0', {
      parent: fleet,
      folder: 'b-current',
      name: 'ordrs',
      set: ['region=eu'],
    });
    await mkdir(path.join(fleet, 'c-plain'));
    gitSync(path.join(fleet, 'c-plain'), 'init', '--quiet');
    const d = await scaffold(repo, '1.1.0', {
      parent: fleet,
      folder: 'd-conflict',
      set: ['region=eu'],
    });
    await commitEdits(d, { 'README.md': '# orders\n\nRegion: mars\n' });
    const result = await runBin(
      'platform',
      // A sweep names the fleet's catalog: the repos' own records are not trusted.
      [
        'upgrade',
        '--fleet',
        fleet,
        '--dry-run',
        '--to',
        '2.0.0',
        '--set',
        'name=ordrs',
        '--catalog',
        repo.catalog,
        '--json',
      ],
      { cwd: fleet, env: await isolatedEnv() },
    );
    const doc = JSON.parse(result.stdout) as {
      repos: { repo: string; status: string; from?: string; to?: string; conflicts?: string[] }[];
      totals: Record<string, number>;
    };
    const byRepo = Object.fromEntries(doc.repos.map((r) => [r.repo, r]));
    expect(byRepo['c-plain']?.status).toBe('not-adopted');
    expect(byRepo['b-current']).toMatchObject({ status: 'current', from: '2.0.0' });
    expect(byRepo['d-conflict']).toMatchObject({
      status: 'would-conflict',
      from: '1.1.0',
      to: '2.0.0',
      conflicts: ['README.md'],
    });
    expect(byRepo['a-behind']).toMatchObject({ status: 'failed' }); // region is new and required
    expect(result.exitCode).toBe(1);
    expect(status(a)).toBe('');
    expect(status(d)).toBe('');
    const human = await runBin(
      'platform',
      [
        'upgrade',
        '--fleet',
        '.',
        '--dry-run',
        '--to',
        '2.0.0',
        '--set',
        'name=ordrs',
        '--catalog',
        repo.catalog,
      ],
      { cwd: fleet },
    );
    expect(human.stdout).toMatch(
      /^d-conflict\s+would-conflict\s+svc 1\.1\.0 → 2\.0\.0: 1 conflict\(s\)$/m,
    );
    expect(human.stdout).toMatch(/^c-plain\s+not-adopted\s+no \.platform\/service\.json$/m);
    expect(human.stdout).toMatch(
      /4 repos: 1 current, 1 would-conflict, 1 not-adopted, 1 failed\.\nDry run: nothing was written\./,
    );
    const both = await runBin('platform', ['upgrade', '--fleet', fleet, '--apply', '--dry-run'], {
      cwd: fleet,
    });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/--apply and --dry-run/);
  });
});
