import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRepo } from '../../src/drift/check-repo.js';
import { isolatedEnv } from '../helpers/run-bin.js';
import { gitSync, writeTree } from '../helpers/testdir.js';
import { commit, copyRepo, lockfileFor, renderService, templateCatalog } from './fixtures.js';

let catalog: string;
let pristine: string;
let env: Record<string, string>;
const NOW = new Date('2026-06-01T12:00:00Z');

beforeAll(async () => {
  catalog = await templateCatalog(['1.0.0']);
  pristine = await renderService(catalog, '1.0.0');
  env = await isolatedEnv();
});

const findings = async (root: string, ruleId: string) => {
  const { report } = await checkRepo({ root, catalogs: [catalog], env, now: NOW });
  return report.findings.filter((f) => f.ruleId === ruleId);
};

const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'x', ...extra });

describe('deps.lockfile-missing', () => {
  it('is quiet when the lockfile is committed', async () => {
    expect(await findings(pristine, 'deps.lockfile-missing')).toEqual([]);
  });

  it('fires for a package.json whose lockfile is not committed, even when it is on disk', async () => {
    const repo = await copyRepo(pristine);
    gitSync(repo, 'rm', '--quiet', '--cached', 'package-lock.json');
    gitSync(repo, 'commit', '--quiet', '-m', 'untrack the lockfile');
    expect(await findings(repo, 'deps.lockfile-missing')).toEqual([
      expect.objectContaining({
        severity: 'error',
        category: 'dependencies',
        file: 'package.json',
        fix: expect.stringMatching(/npm install.*commit package-lock\.json/),
      }),
    ]);
  });

  it('accepts every package manager’s lockfile, and checks nested packages on their own', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      'tools/a/package.json': pkg(),
      'tools/a/pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      'tools/b/package.json': pkg(),
      'tools/b/bun.lockb': Buffer.from([0]),
      'tools/c/package.json': pkg(),
      'tools/d/package.json': pkg(),
      'tools/d/yarn.lock': '# yarn\n',
    });
    commit(repo);
    const found = await findings(repo, 'deps.lockfile-missing');
    expect(found.map((f) => f.file)).toEqual(['tools/c/package.json']);
  });

  it('in an npm/yarn workspace only the root needs one, and without it the root is the finding', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      'package.json': pkg({ private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': pkg(),
      'packages/a/lib/b/package.json': pkg(),
    });
    commit(repo);
    expect(await findings(repo, 'deps.lockfile-missing')).toEqual([]);
    gitSync(repo, 'rm', '--quiet', 'package-lock.json');
    commit(repo);
    expect((await findings(repo, 'deps.lockfile-missing')).map((f) => f.file)).toEqual([
      'package.json',
    ]);
  });

  it('a pnpm-workspace.yaml makes its folder a workspace root; other packages stand alone', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      'mono/pnpm-workspace.yaml': 'packages: ["*"]\n',
      'mono/package.json': pkg(),
      'mono/p/package.json': pkg(),
      'other/package.json': pkg(),
    });
    commit(repo);
    expect((await findings(repo, 'deps.lockfile-missing')).map((f) => f.file)).toEqual([
      'mono/package.json',
      'other/package.json',
    ]);
  });
});

describe('files.merged-missing', () => {
  it('warns when a merged file of the render is gone; managed and seeded files are not its business', async () => {
    const repo = await copyRepo(pristine);
    await rm(path.join(repo, 'README.md'));
    await rm(path.join(repo, 'src/server.js'));
    await rm(path.join(repo, 'Dockerfile'));
    const found = await findings(repo, 'files.merged-missing');
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'warning',
        category: 'template',
        file: 'README.md',
        fix: expect.stringContaining('- { rule: files.merged-missing, file: README.md,'),
      }),
    ]);
  });

  it('a waiver says the file is gone on purpose', async () => {
    const repo = await copyRepo(pristine);
    gitSync(repo, 'rm', '--quiet', 'README.md');
    await writeFile(
      path.join(repo, '.platform/waivers.yaml'),
      'waivers:\n  - { rule: files.merged-missing, file: README.md, reason: The wiki has it, owner: team-orders, expires: 2026-12-31 }\n',
    );
    commit(repo);
    const found = await findings(repo, 'files.merged-missing');
    expect(found).toEqual([expect.objectContaining({ file: 'README.md', waived: true })]);
  });
});

// The fixture renders with --no-install and commits the lockfile npm would write.
it('the fixture lockfile is what npm writes for a package without dependencies', () => {
  expect(JSON.parse(lockfileFor('orders'))).toMatchObject({ lockfileVersion: 3 });
});
