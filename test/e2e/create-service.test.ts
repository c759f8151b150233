import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/render/plan-render.js';
import { catalogDir } from '../helpers/catalog.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { fixtureCatalog, PNG_BYTES } from './fixtures.js';

const create = (cwd: string, args: string[], env?: Record<string, string>) =>
  runBin('create-service', args, { cwd, ...(env && { env }) });

describe('create-service', () => {
  it('prints help and its version quickly, without loading a template', async () => {
    const cwd = await testdir();
    const help = await create(cwd, ['--help']);
    expect(help.exitCode).toBe(0);
    for (const flag of [
      '--template',
      '--set',
      '--answers',
      '--yes',
      '--dry-run',
      '--force',
      '--no-git',
      '--no-install',
      '--catalog',
      '--json',
    ])
      expect(help.stdout).toContain(flag);
    const version = await create(cwd, ['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('renders the latest version from flags, with a state file and no prompts', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const run = await create(cwd, [
      'orders',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '-s',
      'name=orders',
      '--set',
      'port=9000',
      '-y',
      '--no-git',
      '--no-install',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/svc@1\.1\.0 is ready in orders after \d+\.\ds\. Next steps:/);
    expect(run.stdout).toContain('cd orders');
    const dir = path.join(cwd, 'orders');
    expect(await readFile(path.join(dir, 'src/orders.ts'), 'utf8')).toBe(
      'export const port = 9000;\nexport const metrics = true;\n',
    );
    expect(await readFile(path.join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe(
      'run: echo ${{ github.sha }} orders\n',
    );
    expect(existsSync(path.join(dir, 'deploy'))).toBe(false);
    expect(existsSync(path.join(dir, '.git'))).toBe(false);
    const state = JSON.parse(await readFile(path.join(dir, '.platform/service.json'), 'utf8'));
    expect(state).toMatchObject({
      schemaVersion: 1,
      template: { catalog: path.relative(dir, catalog), id: 'svc', version: '1.1.0' },
      answers: { name: 'orders', port: 9000, database: 'none', metrics: true },
      cli: expect.stringMatching(/^create-service@\d/),
    });
    expect(state.template.catalog.startsWith('/')).toBe(false);
    expect(Object.keys(state.files).sort()).toEqual([
      '.github/workflows/ci.yml',
      'CHANGELOG.md',
      'Dockerfile',
      'assets/logo.png',
      'package.json',
      'src/orders.ts',
    ]);
    for (const [file, entry] of Object.entries(state.files as Record<string, { sha256: string }>))
      expect(entry.sha256, file).toBe(sha256(await readFile(path.join(dir, file))));
    expect(state.files['src/orders.ts'].owner).toBe('seeded');
    expect(state.files.Dockerfile.owner).toBe('managed');
    expect(state.files['package.json'].owner).toBe('merged');
  });

  it('copies binary files byte for byte and keeps executable bits', async () => {
    const catalog = await catalogDir({
      bin: { '1.0.0': { files: { 'img.png': PNG_BYTES, 'run.sh': '#!/bin/sh\necho {{x}}\n' } } },
    });
    const { chmod } = await import('node:fs/promises');
    await chmod(path.join(catalog, 'bin/1.0.0/files/run.sh'), 0o755);
    const cwd = await testdir();
    const run = await create(cwd, [
      'out',
      '--catalog',
      catalog,
      '-t',
      'bin',
      '--yes',
      '--no-git',
      '--no-install',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'out/img.png'))).toEqual(PNG_BYTES);
    expect(await readFile(path.join(cwd, 'out/run.sh'), 'utf8')).toBe('#!/bin/sh\necho {{x}}\n');
    const { stat } = await import('node:fs/promises');
    expect((await stat(path.join(cwd, 'out/run.sh'))).mode & 0o111).not.toBe(0);
  });

  it('picks the version matching -t id@range, and takes answers from JSON and YAML files', async () => {
    const [cwd, catalog] = await Promise.all([
      testdir({
        'a.json': '{"name":"from-json","database":"postgres"}',
        'a.yaml': 'name: from-yaml\nmetrics: false\n',
      }),
      fixtureCatalog(),
    ]);
    const json = await create(cwd, [
      'one',
      '--catalog',
      catalog,
      '-t',
      'svc@~1.0',
      '--answers',
      'a.json',
      '--no-git',
      '--no-install',
    ]);
    expect(json.exitCode, json.stderr).toBe(0);
    const state = JSON.parse(await readFile(path.join(cwd, 'one/.platform/service.json'), 'utf8'));
    expect(state.template.version).toBe('1.0.0');
    expect(await readFile(path.join(cwd, 'one/deploy/postgres/secret.yaml'), 'utf8')).toBe(
      'db: from-json\n',
    );
    expect(existsSync(path.join(cwd, 'one/CHANGELOG.md'))).toBe(false);
    const yaml = await create(cwd, [
      'two',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '-a',
      'a.yaml',
      '--no-git',
      '--no-install',
    ]);
    expect(yaml.exitCode, yaml.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'two/src/from-yaml.ts'), 'utf8')).toBe(
      'export const port = 8080;\n',
    );
  });

  it('defaults the directory to the name answer when none is given', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const run = await create(cwd, [
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=payments',
      '--yes',
      '--no-git',
      '--no-install',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(path.join(cwd, 'payments/.platform/service.json'))).toBe(true);
  });

  it('--dry-run prints the plan and writes nothing, in text and JSON', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const args = ['svc-a', '--catalog', catalog, '-t', 'svc', '--set', 'name=svc-a', '--dry-run'];
    const text = await create(cwd, args);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/managed\s+Dockerfile/);
    expect(text.stdout).toMatch(/seeded\s+src\/svc-a\.ts/);
    expect(text.stdout).toMatch(/skip\s+deploy\/postgres\/secret\.yaml/);
    expect(text.stdout).toContain('Dry run: nothing was written.');
    const json = await create(cwd, [...args, '--json']);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      command: 'create',
      dryRun: true,
      template: { id: 'svc', version: '1.1.0' },
    });
    expect(doc.files.map((f: { path: string }) => f.path)).toContain('assets/logo.png');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('--json prints exactly one document on stdout, logs on stderr', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const run = await create(cwd, [
      'j',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=jay',
      '--no-install',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      command: 'create',
      dryRun: false,
      git: 'initialized',
      install: 'skipped',
      warnings: [],
    });
    expect(doc.durationMs).toBeGreaterThan(0);
    expect(run.stderr).toContain('Rendered 6 files');
  });

  it('installs dependencies with the package manager that launched it', async () => {
    const catalog = await catalogDir({
      dep: {
        '1.0.0': { files: { 'package.json': '{"name":"x","version":"1.0.0","private":true}' } },
      },
    });
    const cwd = await testdir();
    const env = await isolatedEnv({
      npm_config_cache: path.join(cwd, '.npm-cache'),
      npm_config_user_agent: 'npm/11.0.0 node/v20',
    });
    const run = await create(
      cwd,
      ['i', '--catalog', catalog, '-t', 'dep', '--yes', '--no-git', '--json'],
      env,
    );
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ install: 'done', warnings: [] });
    expect(existsSync(path.join(cwd, 'i/package-lock.json'))).toBe(true);
  });

  it('--force adds to a non-empty folder without touching existing files', async () => {
    const [cwd, catalog] = await Promise.all([
      testdir({ 'svc/notes.txt': 'mine', 'svc/src/keep.ts': 'keep' }),
      fixtureCatalog(),
    ]);
    const refused = await create(cwd, [
      'svc',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=svc-b',
      '--no-git',
      '--no-install',
    ]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/svc is not empty/);
    expect(refused.stderr).toMatch(/--force/);
    const forced = await create(cwd, [
      'svc',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=svc-b',
      '--no-git',
      '--no-install',
      '--force',
    ]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'svc/notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(cwd, 'svc/src/keep.ts'), 'utf8')).toBe('keep');
    expect(existsSync(path.join(cwd, 'svc/src/svc-b.ts'))).toBe(true);
    expect((await readdir(cwd)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('--force refuses to overwrite, listing every clash, and writes nothing', async () => {
    const [cwd, catalog] = await Promise.all([
      testdir({ 'svc/Dockerfile': 'mine', 'svc/package.json': '{}' }),
      fixtureCatalog(),
    ]);
    const run = await create(cwd, [
      'svc',
      '--catalog',
      catalog,
      '-t',
      'svc',
      '--set',
      'name=svc-c',
      '--no-git',
      '--no-install',
      '--force',
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--force never overwrites, and 2 file\(s\)/);
    expect(run.stderr).toContain('- Dockerfile');
    expect(run.stderr).toContain('- package.json');
    expect((await readdir(path.join(cwd, 'svc'))).sort()).toEqual(['Dockerfile', 'package.json']);
    expect(await readFile(path.join(cwd, 'svc/Dockerfile'), 'utf8')).toBe('mine');
  });
});
