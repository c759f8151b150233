import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRepo, type CheckRepoOptions } from '../../src/drift/check-repo.js';
import { UserError } from '../../src/errors.js';
import { isolatedEnv } from '../helpers/run-bin.js';
import { gitdir, gitSync, testdir, writeTree } from '../helpers/testdir.js';
import { commit, copyRepo, renderService, templateCatalog } from './fixtures.js';

let catalog: string;
let pristine: string;
let env: Record<string, string>;
const NOW = new Date('2026-06-01T12:00:00Z');

beforeAll(async () => {
  catalog = await templateCatalog(['1.0.0', '1.1.0']);
  pristine = await renderService(catalog, '1.1.0');
  env = await isolatedEnv();
});

async function check(root: string, options: Partial<CheckRepoOptions> = {}) {
  const { report } = await checkRepo({ root, catalogs: [catalog], env, now: NOW, ...options });
  return report;
}

const ids = (report: { findings: { ruleId: string; waived?: boolean }[] }) =>
  report.findings.filter((f) => !f.waived).map((f) => f.ruleId);

describe('a freshly rendered service', () => {
  it('is on the paved road: no findings, every rule evaluated', async () => {
    const report = await check(pristine);
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('on-road');
    expect(report.template).toMatchObject({ id: 'svc', version: '1.1.0' });
    expect(report.latestVersion).toBe('1.1.0');
    expect(report.rules.map((r) => r.id)).toContain('deps.node-version');
  });
});

describe('built-in rules', () => {
  it('template.not-adopted: a git repo without a state file', async () => {
    const repo = await gitdir({ 'README.md': '# x\n' });
    const report = await check(repo);
    expect(ids(report)).toEqual(['template.not-adopted']);
    expect(report.findings[0]).toMatchObject({ severity: 'error', file: '.platform/service.json' });
    expect(report.status).toBe('not-adopted');
  });

  it('template.outdated: a warning a minor behind, an error a major behind', async () => {
    const repo = await renderService(catalog, '1.0.0');
    expect(await check(repo).then((r) => r.findings)).toEqual([
      expect.objectContaining({ ruleId: 'template.outdated', severity: 'warning' }),
    ]);
    const major = await templateCatalog(['1.0.0', '2.0.0']);
    const report = await check(repo, { catalogs: [major] });
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: 'template.outdated', severity: 'error' }),
    ]);
    expect(report.findings[0]!.message).toContain('major version behind the latest 2.0.0');
  });

  it('template.unknown: the recorded version is in no catalog, and that is a finding, not a crash', async () => {
    const repo = await copyRepo(pristine);
    const state = JSON.parse(await readFile(path.join(repo, '.platform/service.json'), 'utf8')) as {
      template: { version: string; catalog: string };
    };
    state.template.version = '9.9.9';
    state.template.catalog = 'no-such-folder';
    await writeFile(path.join(repo, '.platform/service.json'), JSON.stringify(state));
    const report = await check(repo, { catalogs: [] });
    expect(ids(report)).toContain('template.unknown');
    expect(report.status).toBe('unknown-template');
    // A folder the repo names is not a catalog the user trusts: never opened, named in the finding.
    const unknown = report.findings.find((f) => f.ruleId === 'template.unknown');
    expect(unknown?.message).toContain('the recorded catalog no-such-folder was not searched');
    expect(unknown?.fix).toContain('--catalog');
  });

  it('files.managed-modified and files.managed-missing compare against the render', async () => {
    const repo = await copyRepo(pristine);
    await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:22-slim\nUSER root\n');
    await rm(path.join(repo, '.github/workflows/ci.yml'));
    await writeFile(path.join(repo, 'README.md'), '# edited: merged files may change\n');
    await writeFile(path.join(repo, 'src/server.js'), '// seeded files are the team’s\n');
    const report = await check(repo);
    const managed = report.findings.filter((f) => f.ruleId.startsWith('files.managed'));
    expect(managed).toEqual([
      expect.objectContaining({
        ruleId: 'files.managed-missing',
        file: '.github/workflows/ci.yml',
        fixable: true,
      }),
      expect.objectContaining({
        ruleId: 'files.managed-modified',
        file: 'Dockerfile',
        fixable: true,
      }),
    ]);
    // The template's own checks on the missing workflow fail too.
    expect(ids(report)).toContain('ci.secret-scan');
  });

  it('files.conflict-markers: only in tracked files, with the line', async () => {
    const repo = await copyRepo(pristine);
    await writeFile(
      path.join(repo, 'src/server.js'),
      'a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n',
    );
    await writeFile(path.join(repo, 'untracked.txt'), '<<<<<<< HEAD\n');
    await writeFile(path.join(repo, 'docs.md'), 'Title\n=======\n');
    gitSync(repo, 'add', 'src/server.js', 'docs.md');
    const report = await check(repo);
    expect(report.findings.filter((f) => f.ruleId === 'files.conflict-markers')).toEqual([
      expect.objectContaining({ file: 'src/server.js', line: 2 }),
    ]);
  });

  it('secrets.env-committed: tracked .env files, but not .env.example or ignored ones', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      'config/.env.production': 'A=1\n',
      '.env.example': 'A=\n',
      '.env': 'IGNORED=1\n',
    });
    commit(repo);
    const report = await check(repo);
    expect(
      report.findings.filter((f) => f.ruleId === 'secrets.env-committed').map((f) => f.file),
    ).toEqual(['config/.env.production']);
  });

  it('secrets.leaked-credential: high-confidence patterns, with the line, never the secret', async () => {
    const repo = await copyRepo(pristine);
    const key = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
    await writeTree(repo, {
      'src/config.js': `const region = "eu";\nconst key = "${key}";\n`,
      'src/ok.js': 'const key = process.env.AWS_ACCESS_KEY_ID; // AKIA-style ids come from env\n',
      id_rsa: `-----BEGIN ${'RSA PRIVATE'} KEY-----\nabc\n`,
    });
    commit(repo);
    const found = (await check(repo)).findings.filter(
      (f) => f.ruleId === 'secrets.leaked-credential',
    );
    expect(found.map((f) => [f.file, f.line])).toEqual([
      ['id_rsa', 1],
      ['src/config.js', 2],
    ]);
    expect(JSON.stringify(found)).not.toContain(key);
  });
});

describe('template checks: every kind, passing and failing', () => {
  it('passes on the render and fails on each violation with file and line', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      Dockerfile: 'FROM node:latest\nEXPOSE 8080\n',
      '.github/workflows/ci.yml':
        'name: ci\njobs:\n  check:\n    runs-on: self-hosted\n    continue-on-error: true\n    steps: []\n',
      'package.json':
        '{\n  "name": "orders",\n  "private": false,\n  "engines": { "node": ">=18" },\n  "scripts": {}\n}\n',
      Jenkinsfile: 'pipeline {}\n',
    });
    await rm(path.join(repo, 'src/otel.js'));
    const report = await check(repo);
    const byRule = Object.fromEntries(report.findings.map((f) => [f.ruleId, f]));
    expect(byRule['ci.secret-scan']).toMatchObject({
      severity: 'error',
      category: 'secrets',
      file: '.github/workflows/ci.yml',
    });
    expect(byRule['ci.no-latest-tag']).toMatchObject({ severity: 'warning', line: 1 });
    expect(byRule['observability.bootstrap']).toMatchObject({ file: 'src/otel.js' });
    expect(byRule['ci.no-legacy']).toMatchObject({ file: 'Jenkinsfile' });
    expect(byRule['deps.node-version']!.message).toContain('does not satisfy >=22');
    expect(byRule['deps.node-version']).toMatchObject({ line: 4 });
    expect(byRule['deps.private']).toMatchObject({ line: 3 });
    expect(byRule['deps.test-script']!.message).toContain('/scripts/test is missing');
    expect(byRule['ci.runs-on']).toMatchObject({ line: 4 });
    expect(byRule['ci.no-continue-on-error']).toMatchObject({ line: 5 });
  });
});

describe('config and selection', () => {
  it('config severities override defaults, and off removes a rule', async () => {
    const repo = await renderService(catalog, '1.0.0');
    await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:latest\n');
    await writeFile(
      path.join(repo, '.platformrc.json'),
      JSON.stringify({ rules: { 'template.outdated': 'error', 'files.managed-modified': 'off' } }),
    );
    const report = await check(repo);
    expect(report.findings.find((f) => f.ruleId === 'template.outdated')?.severity).toBe('error');
    expect(ids(report)).not.toContain('files.managed-modified');
    expect(ids(report)).toContain('ci.no-latest-tag');
  });

  it('--only and --skip select rules; an unknown id is a usage error', async () => {
    const repo = await renderService(catalog, '1.0.0');
    await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:latest\n');
    expect(ids(await check(repo, { selection: { only: ['ci.no-latest-tag'] } }))).toEqual([
      'ci.no-latest-tag',
    ]);
    expect(
      ids(await check(repo, { selection: { skip: ['template.outdated', 'ci.no-latest-tag'] } })),
    ).toEqual(['files.managed-modified']);
    await expect(check(repo, { selection: { only: ['no.such-rule'] } })).rejects.toThrow(
      /Unknown rule id/,
    );
  });
});

describe('waivers', () => {
  it('suppresses matching findings, per file, until the date; an expired waiver is an error', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      Dockerfile: 'FROM node:latest\n',
      '.github/workflows/ci.yml': 'name: ci\njobs:\n  check:\n    runs-on: ubuntu-latest\n',
      '.platform/waivers.yaml': `waivers:
  - rule: files.managed-modified
    file: Dockerfile
    reason: Needs a native toolchain until OPS-12 lands.
    owner: team-orders
    expires: 2026-12-31
    ticket: OPS-12
  - rule: ci.no-latest-tag
    reason: Old waiver nobody renewed.
    owner: team-orders
    expires: 2026-01-31
`,
    });
    const report = await check(repo);
    const dockerfile = report.findings.find(
      (f) => f.ruleId === 'files.managed-modified' && f.file === 'Dockerfile',
    );
    expect(dockerfile).toMatchObject({
      waived: true,
      waiver: { owner: 'team-orders', ticket: 'OPS-12' },
    });
    // The workflow is modified too, but the waiver names only the Dockerfile.
    expect(
      report.findings.find(
        (f) => f.file === '.github/workflows/ci.yml' && f.ruleId === 'files.managed-modified',
      )?.waived,
    ).toBeUndefined();
    expect(report.findings.find((f) => f.ruleId === 'ci.no-latest-tag')?.waived).toBeUndefined();
    expect(report.findings.find((f) => f.ruleId === 'waivers.expired')).toMatchObject({
      severity: 'error',
      file: '.platform/waivers.yaml',
      line: 8,
    });
    expect(report.counts.waived).toBe(1);
  });

  it('an invalid waivers file is an input error naming the field', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      '.platform/waivers.yaml':
        'waivers:\n  - rule: files.managed-modified\n    reason: x\n    expires: someday\n',
    });
    const error = await check(repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).details.join('\n')).toMatch(/waivers\[0\]\.owner/);
    expect((error as UserError).details.join('\n')).toMatch(
      /waivers\[0\]\.expires: must be a date/,
    );
  });
});

describe('bad input', () => {
  it('a corrupt or future state file is an input error naming it', async () => {
    const repo = await copyRepo(pristine);
    await writeFile(path.join(repo, '.platform/service.json'), '{"schemaVersion":1,"template":{}}');
    const error = (await check(repo).catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.details.join('\n')).toMatch(/template\.catalog/);
    await writeFile(path.join(repo, '.platform/service.json'), '{"schemaVersion":7}');
    await expect(check(repo)).rejects.toThrow(/schemaVersion 7/);
  });

  it('a folder that is not a git repo is a precondition error', async () => {
    const dir = await testdir({ 'a.txt': 'x' });
    await expect(check(dir)).rejects.toThrow(/is not a git repository/);
  });

  it('ignored files cost nothing: they are never read', async () => {
    const repo = await copyRepo(pristine);
    await writeTree(repo, {
      'node_modules/x/.env': 'SECRET=1\n',
      'node_modules/x/key.js': `"${['AKIA', 'ABCDEFGHIJKLMNOP'].join('')}"`,
    });
    expect((await check(repo)).findings).toEqual([]);
  });
});

describe('where a check starts', () => {
  it('from a subfolder, checks the service that holds it', async () => {
    const report = await check(path.join(pristine, 'src'));
    expect(report.root).toBe(pristine);
    expect(report.findings).toEqual([]);
  });

  it('a service in a monorepo folder is checked on its own', async () => {
    const mono = await gitdir({ 'README.md': '# mono\n' });
    const { cp } = await import('node:fs/promises');
    await cp(pristine, path.join(mono, 'services/orders'), {
      recursive: true,
      filter: (src) => path.basename(src) !== '.git',
    });
    commit(mono);
    const report = await check(path.join(mono, 'services/orders'));
    expect(report.root).toBe(path.join(mono, 'services/orders'));
    expect(report.findings).toEqual([]);
    expect((await check(mono)).findings.map((f) => f.ruleId)).toEqual(['template.not-adopted']);
  });
});
