import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { copyRepo, renderService, templateCatalog } from './fixtures.js';

let catalog: string;
let pristine: string;

beforeAll(async () => {
  catalog = await templateCatalog(['1.0.0', '1.1.0']);
  pristine = await renderService(catalog, '1.1.0');
});

const platform = (cwd: string, args: string[]) =>
  runBin('platform', [...args, '--catalog', catalog], { cwd });

describe('drift and fix on the everyday path', () => {
  it('--fix restores a deleted merged file that a check names, so its hint does not loop', async () => {
    const repo = await copyRepo(pristine);
    const expected = await readFile(path.join(repo, 'package.json'), 'utf8');
    await rm(path.join(repo, 'package.json'));
    const fixed = await platform(repo, ['doctor', '--fix']);
    expect(fixed.stdout).toMatch(/add\s+package\.json/);
    expect(await readFile(path.join(repo, 'package.json'), 'utf8')).toBe(expected);
    expect(fixed.stdout).not.toMatch(/deps\.test-script/);
    // Any deleted merged file is named by files.merged-missing, whose hint is --fix too.
    await rm(path.join(repo, 'README.md'));
    const again = await platform(repo, ['doctor', '--fix']);
    expect(again.stdout).toMatch(/add\s+README\.md/);
    expect(existsSync(path.join(repo, 'README.md'))).toBe(true);
  });

  it('finds the service from a subfolder and titles it by its folder name', async () => {
    const repo = await copyRepo(pristine);
    const sub = path.join(repo, 'src', 'deep');
    await mkdir(sub, { recursive: true });
    const doctor = await platform(sub, ['doctor']);
    expect(doctor.exitCode, doctor.stderr).toBe(0);
    expect(doctor.stdout.split('\n')[0]).toMatch(
      new RegExp(`^${path.basename(repo)} · svc@1\\.1\\.0`),
    );
    expect(doctor.stdout).not.toMatch(/^\.\.? /m);
    const check = await platform(sub, ['upgrade', '--check']);
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(0);
    const junit = await platform(sub, ['check', '--format', 'junit']);
    expect(junit.stdout).toContain(`<testsuite name="${path.basename(repo)}"`);
  });

  it('check --fleet on a folder that does not exist says so, exit 2', async () => {
    const missing = path.join(await testdir(), 'nope');
    const result = await platform(await testdir(), ['check', '--fleet', missing]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`The folder ${missing} does not exist`);
    expect(result.stderr).not.toMatch(/No git repositories/);
  });
});
