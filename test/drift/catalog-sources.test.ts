import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRepo } from '../../src/drift/check-repo.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitdir, gitSync, testdir, writeTree } from '../helpers/testdir.js';
import { addLockfileToFirstCommit, templateCatalog } from './fixtures.js';

let dirCatalog: string;
let gitCatalog: string;
let env: Record<string, string>;

beforeAll(async () => {
  dirCatalog = await templateCatalog(['1.0.0', '1.1.0']);
  // The same versions as tags of a multi-template git repo: `svc@<version>` holds svc/.
  gitCatalog = await gitdir({ 'README.md': '# templates\n' });
  for (const version of ['1.0.0', '1.1.0']) {
    await rm(path.join(gitCatalog, 'svc'), { recursive: true, force: true });
    await cp(path.join(dirCatalog, 'svc', version), path.join(gitCatalog, 'svc'), {
      recursive: true,
    });
    gitSync(gitCatalog, 'add', '--all');
    gitSync(gitCatalog, 'commit', '--quiet', '-m', `svc ${version}`);
    gitSync(gitCatalog, 'tag', `svc@${version}`);
  }
  env = await isolatedEnv();
});

async function render(catalog: string): Promise<string> {
  const parent = await testdir();
  const result = await runBin(
    'create-service',
    [
      'orders',
      '-t',
      'svc@1.0.0',
      '--set',
      'name=orders',
      '-y',
      '--no-install',
      '--catalog',
      catalog,
    ],
    { cwd: parent, env },
  );
  expect(result.exitCode, result.stderr).toBe(0);
  const repo = path.join(parent, 'orders');
  await addLockfileToFirstCommit(repo, 'orders');
  return repo;
}

/** A fresh isolated env whose user config lists `catalogs`, or none. */
async function userEnv(catalogs?: string[]): Promise<Record<string, string>> {
  const fresh = await isolatedEnv();
  if (catalogs)
    await writeTree(path.join(fresh.XDG_CONFIG_HOME!, 'platform'), {
      'config.json': JSON.stringify({ catalogs }),
    });
  return fresh;
}

const fetched = (e: Record<string, string>) =>
  existsSync(path.join(e.XDG_CACHE_HOME!, 'platform', 'catalogs'));

describe('the recorded catalog is searched only when the user trusts it', () => {
  it('a git catalog recorded as git+file://: a finding with a hint, never fetched, until trusted', async () => {
    const source = `git+file://${gitCatalog}`;
    const repo = await render(source);
    const state = JSON.parse(await readFile(path.join(repo, '.platform/service.json'), 'utf8')) as {
      template: { catalog: string };
    };
    expect(state.template.catalog).toBe(source);
    const untrusted = await userEnv();
    const { report } = await checkRepo({ root: repo, env: untrusted });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'template.unknown',
        message: expect.stringContaining(`the recorded catalog ${source} was not searched`),
        fix: expect.stringContaining(`catalogs: ["${source}"]`),
      }),
    ]);
    expect(report.findings[0]!.fix).toContain(`--catalog ${source}`);
    expect(fetched(untrusted)).toBe(false);
    for (const [trusted, catalogs] of [
      [await userEnv([source]), []],
      [await userEnv(), [source]],
    ] as const) {
      const found = await checkRepo({ root: repo, env: trusted, catalogs: [...catalogs] });
      expect(found.report.findings.map((f) => f.ruleId)).toEqual(['template.outdated']);
      expect(found.report.latestVersion).toBe('1.1.0');
    }
  });

  it('a folder catalog recorded relative to the repo', async () => {
    const repo = await render(dirCatalog);
    const state = JSON.parse(await readFile(path.join(repo, '.platform/service.json'), 'utf8')) as {
      template: { catalog: string };
    };
    expect(path.isAbsolute(state.template.catalog)).toBe(false);
    const untrusted = await checkRepo({ root: repo, env: await userEnv() });
    expect(untrusted.report.findings.map((f) => f.ruleId)).toEqual(['template.unknown']);
    const { report } = await checkRepo({ root: repo, env: await userEnv([dirCatalog]) });
    expect(report.findings.map((f) => f.ruleId)).toEqual(['template.outdated']);
  });

  it('a --catalog flag is searched first, and the trusted recorded one still supplies the version', async () => {
    const repo = await render(dirCatalog);
    const newer = await templateCatalog(['2.0.0']);
    const trusted = await userEnv([dirCatalog]);
    const { report } = await checkRepo({ root: repo, env: trusted, catalogs: [newer] });
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'template.outdated', severity: 'error' }),
    ]);
  });
});

describe('a recorded version the catalog cannot give', () => {
  it('names what is wrong with its manifest, and says to fix it there', async () => {
    const catalog = await templateCatalog(['1.0.0']);
    const repo = await render(catalog);
    // Released, then edited in place into a manifest validation refuses.
    const file = path.join(catalog, 'svc', '1.0.0', 'template.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"^[a-z][a-z0-9-]+$"', '"^[a-z](?=x)"'));
    const run = await runBin('platform', ['check', '--catalog', catalog, '--json'], {
      cwd: repo,
      env: await userEnv(),
    });
    expect(run.exitCode, run.stderr).toBe(1);
    type Finding = { ruleId: string; message: string; fix: string };
    const report = JSON.parse(run.stdout) as { repos: { findings: Finding[] }[] };
    expect(report.repos[0]!.findings).toEqual([
      expect.objectContaining({
        ruleId: 'template.unknown',
        message: expect.stringContaining(
          'parameters[0].pattern: is not a supported regular expression',
        ),
        fix: expect.stringMatching(
          /^Fix svc\/1\.0\.0\/template\.yaml in .+ \(`platform templates validate`/,
        ),
      }),
    ]);
  });
});
