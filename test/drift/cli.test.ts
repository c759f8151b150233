import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitdir, gitSync, testdir, writeTree } from '../helpers/testdir.js';
import { commit, copyRepo, renderService, templateCatalog } from './fixtures.js';

let catalog: string;
let pristine: string;
let rendered: { dockerfile: string; workflow: string };

beforeAll(async () => {
  catalog = await templateCatalog(['1.0.0', '1.1.0']);
  pristine = await renderService(catalog, '1.1.0');
  rendered = {
    dockerfile: await readFile(path.join(pristine, 'Dockerfile'), 'utf8'),
    workflow: await readFile(path.join(pristine, '.github/workflows/ci.yml'), 'utf8'),
  };
});

const platform = (cwd: string, args: string[], env?: Record<string, string>) =>
  runBin('platform', [...args, '--catalog', catalog], { cwd, ...(env && { env }) });

async function drifted(): Promise<string> {
  const repo = await copyRepo(pristine);
  await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:latest\n');
  await rm(path.join(repo, '.github/workflows/ci.yml'));
  return repo;
}

describe('platform doctor', () => {
  it('says a fresh service is on the paved road, exit 0', async () => {
    const result = await platform(pristine, ['doctor']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('[✓] Template and managed files');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('✔ On the paved road.');
  });

  it('groups findings by category with fix hints, exit 1', async () => {
    const result = await platform(await drifted(), ['doctor']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /\[✗\] Template and managed files[^\n]*\n\s+✗ \.github\/workflows\/ci\.yml Managed/,
    );
    expect(result.stdout).toContain('→ Re-add it with `platform doctor --fix`.');
    expect(result.stdout).toMatch(/\[✗\] Secrets/);
    expect(result.stdout).toMatch(/2 findings can be fixed with `platform doctor --fix`/);
  });

  it('--fix --dry-run shows the fixes and writes nothing', async () => {
    const repo = await drifted();
    const result = await platform(repo, ['doctor', '--fix', '--dry-run']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Would fix (dry run, nothing written):');
    expect(result.stdout).toMatch(/restore Dockerfile/);
    expect(result.stdout).toMatch(/add\s+\.github\/workflows\/ci\.yml/);
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe('FROM node:latest\n');
  });

  it('--fix restores managed files from the render, leaves waived ones, and checks again', async () => {
    const repo = await drifted();
    await writeTree(repo, {
      'README.md': '# merged files are never touched\n',
      '.platform/waivers.yaml':
        'waivers:\n  - rule: files.managed-modified\n    file: Dockerfile\n    reason: testing\n    owner: me\n    expires: 2999-01-01\n',
    });
    const result = await platform(repo, ['doctor', '--fix']);
    expect(result.stdout).toContain('Fixed:');
    expect(result.exitCode).toBe(0);
    expect(await readFile(path.join(repo, '.github/workflows/ci.yml'), 'utf8')).toBe(
      rendered.workflow,
    );
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe('FROM node:latest\n');
    expect(await readFile(path.join(repo, 'README.md'), 'utf8')).toBe(
      '# merged files are never touched\n',
    );
    await rm(path.join(repo, '.platform/waivers.yaml'));
    // The Dockerfile edit is not committed: --fix refuses it, then keeps it as a patch.
    const refused = await platform(repo, ['doctor', '--fix']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes[\s\S]*--allow-dirty[\s\S]*Dockerfile/);
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe('FROM node:latest\n');
    const fixed = await platform(repo, ['doctor', '--fix', '--allow-dirty']);
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stdout).toContain('saved as .platform/upgrade/Dockerfile.local.patch');
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe(rendered.dockerfile);
    gitSync(repo, 'apply', '.platform/upgrade/Dockerfile.local.patch');
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe('FROM node:latest\n');
  });

  it('--json prints one document; --only narrows it', async () => {
    const result = await platform(await drifted(), [
      'doctor',
      '--json',
      '--only',
      'files.managed-missing',
    ]);
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(result.stdout) as {
      schemaVersion: number;
      findings: { ruleId: string }[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.findings.map((f) => f.ruleId)).toEqual(['files.managed-missing']);
  });

  it('an unknown --only rule is exit 2; so is a folder that is not a git repo', async () => {
    const unknown = await platform(pristine, ['doctor', '--only', 'nope.rule', '--json']);
    expect(unknown.exitCode).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'USAGE' } });
    const notRepo = await platform(await testdir({ 'a.txt': 'x' }), ['doctor']);
    expect(notRepo.exitCode).toBe(2);
    expect(notRepo.stderr).toMatch(/is not a git repository/);
  });

  it('--format json errors are one JSON document too, so a bot can parse every outcome', async () => {
    const notRepo = await platform(await testdir({ 'a.txt': 'x' }), ['check', '--format', 'json']);
    expect(notRepo.exitCode).toBe(2);
    expect(notRepo.stderr).toBe('');
    expect(JSON.parse(notRepo.stdout)).toMatchObject({
      schemaVersion: 1,
      error: { code: expect.any(String), message: expect.stringMatching(/not a git repository/) },
    });
    const text = await platform(await testdir({ 'a.txt': 'x' }), ['check', '--format', 'text']);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/not a git repository/);
  });
  it('a corrupt state file or an invalid waivers file is exit 2 naming the file and field', async () => {
    const repo = await copyRepo(pristine);
    await writeFile(
      path.join(repo, '.platform/waivers.yaml'),
      'waivers:\n  - rule: files.managed-modified\n    reason: x\n    owner: me\n    expires: soon\n',
    );
    const waivers = await platform(repo, ['check', '--json']);
    expect(waivers.exitCode).toBe(2);
    expect(JSON.parse(waivers.stdout)).toMatchObject({
      error: {
        code: 'INPUT',
        message: '.platform/waivers.yaml is invalid',
        details: [expect.stringMatching(/^waivers\[0\]\.expires: must be a date/)],
      },
    });
    await rm(path.join(repo, '.platform/waivers.yaml'));
    await writeFile(path.join(repo, '.platform/service.json'), '{"schemaVersion":1}');
    const state = await platform(repo, ['doctor']);
    expect(state.exitCode).toBe(2);
    expect(state.stderr).toContain('.platform/service.json is invalid');
    expect(state.stderr).toMatch(/template: /);
  });
});

describe('platform check', () => {
  it('--fail-on decides the exit code; an outdated repo only warns', async () => {
    const repo = await renderService(catalog, '1.0.0');
    expect((await platform(repo, ['check'])).exitCode).toBe(0);
    expect((await platform(repo, ['check', '--fail-on', 'warning'])).exitCode).toBe(1);
    const bad = await drifted();
    expect((await platform(bad, ['check', '--fail-on', 'never'])).exitCode).toBe(0);
    const usage = await platform(bad, ['check', '--fail-on', 'sometimes']);
    expect(usage.exitCode).toBe(2);
    const format = await platform(bad, ['check', '--format', 'xml']);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('text, json, sarif, github, gitlab, junit, markdown');
  });

  it('--format github writes annotations and appends the table to $GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(await testdir(), 'summary.md');
    const env = await isolatedEnv({ GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' });
    const result = await platform(await drifted(), ['check', '--format', 'github'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')[0]).toMatch(/^::error file=/);
    expect(await readFile(summary, 'utf8')).toContain('| Severity | Rule | File | Finding | Fix |');
  });

  it('--output writes the report to a file; stdout stays empty', async () => {
    const repo = await drifted();
    const result = await platform(repo, [
      'check',
      '--format',
      'sarif',
      '--output',
      'out/platform.sarif',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const log = JSON.parse(await readFile(path.join(repo, 'out/platform.sarif'), 'utf8')) as {
      version: string;
    };
    expect(log.version).toBe('2.1.0');
  });

  it('checks a fleet in parallel, skips what is not a repo, and summarizes', async () => {
    const fleet = await testdir();
    const repos = ['a', 'b', 'c'];
    for (const name of repos) await copyDirInto(pristine, path.join(fleet, 'team', name));
    await writeFile(path.join(fleet, 'team/b/Dockerfile'), 'FROM node:latest\n');
    const legacy = await gitdir({ 'README.md': '# legacy\n' });
    await copyDirInto(legacy, path.join(fleet, 'legacy'));
    await writeTree(fleet, { 'notes/readme.txt': 'not a repo\n' });
    const result = await platform(fleet, [
      'check',
      '--fleet',
      '.',
      '--format',
      'json',
      '--concurrency',
      '2',
    ]);
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(result.stdout) as {
      repos: { path: string; status: string }[];
      summary: Record<string, unknown>;
    };
    expect(doc.repos.map((r) => [r.path, r.status])).toEqual([
      ['legacy', 'not-adopted'],
      ['team/a', 'on-road'],
      ['team/b', 'drifting'],
      ['team/c', 'on-road'],
    ]);
    expect(doc.summary).toMatchObject({ repos: 4, onRoad: 2, drifting: 1, notAdopted: 1 });
    expect(doc.summary.topFailingRules).toEqual(
      expect.arrayContaining([{ ruleId: 'files.managed-modified', repos: 1 }]),
    );
    // A template's rule is fine in a fleet where some repos have no template; a typo is not.
    const only = await platform(fleet, [
      'check',
      '--fleet',
      '.',
      '--json',
      '--only',
      'ci.no-latest-tag',
    ]);
    const onlyDoc = JSON.parse(only.stdout) as {
      repos: { findings: { ruleId: string }[] }[];
      skipped: unknown[];
    };
    expect(onlyDoc.skipped).toEqual([]);
    expect(onlyDoc.repos.flatMap((r) => r.findings.map((f) => f.ruleId))).toEqual([
      'ci.no-latest-tag',
    ]);
    expect(
      (await platform(fleet, ['check', '--fleet', '.', '--only', 'ci.no-such-rule'])).exitCode,
    ).toBe(2);
    const paths = await platform(fleet, ['check', 'team/a', 'notes', '--fail-on', 'never']);
    expect(paths.exitCode).toBe(0);
    expect(paths.stdout).toMatch(/notes\s+skipped: .*not a git repository/);
    expect(paths.stdout).toMatch(/Fleet: 1 repo · 1 on the road .* 1 skipped/);
  });
});

describe('platform diff', () => {
  it('prints a unified diff against the paved road; --exit-code exits 1 on differences', async () => {
    const repo = await copyRepo(pristine);
    expect((await platform(repo, ['diff', '--exit-code'])).exitCode).toBe(0);
    await writeFile(
      path.join(repo, 'Dockerfile'),
      rendered.dockerfile.replace('node:22-slim', 'node:20'),
    );
    await writeFile(path.join(repo, 'README.md'), '# orders\n');
    await writeFile(path.join(repo, 'src/server.js'), 'seeded: not diffed\n');
    const plain = await platform(repo, ['diff']);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile');
    expect(plain.stdout).toContain('-FROM node:22-slim\n+FROM node:20');
    expect(plain.stdout).toContain('+++ b/README.md');
    expect(plain.stdout).not.toContain('b/src/server.js');
    expect((await platform(repo, ['diff', '--exit-code'])).exitCode).toBe(1);
  });
});

describe('platform adopt', () => {
  it("never replaces the team's own file after adopt without keeping it as a patch", async () => {
    const ours = 'FROM node:20\nEXPOSE 9090\nUSER app\n';
    const repo = await gitdir({ 'package.json': '{ "name": "billing" }\n', Dockerfile: ours });
    expect((await platform(repo, ['adopt', '--template', 'svc@1.0.0'])).exitCode).toBe(0);
    commit(repo, 'adopt');
    const fixed = await platform(repo, ['doctor', '--fix', '--json']);
    const doc = JSON.parse(fixed.stdout) as { fix: { actions: Record<string, string>[] } };
    expect(doc.fix.actions).toContainEqual({
      kind: 'restore',
      path: 'Dockerfile',
      ruleId: 'files.managed-modified',
      localPatch: '.platform/upgrade/Dockerfile.local.patch',
    });
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).not.toBe(ours);
    gitSync(repo, 'apply', '.platform/upgrade/Dockerfile.local.patch');
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe(ours);
  });

  it('infers answers, writes only the state file, reports the drift, exit 0', async () => {
    const repo = await gitdir({
      'package.json': '{ "name": "@acme/billing", "private": true }\n',
      Dockerfile: 'FROM node:20\nEXPOSE 9090\n',
      'src/index.js': 'console.log(1);\n',
    });
    const result = await platform(repo, ['adopt', '--template', 'svc@1.0.0', '--json']);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      answers: unknown;
      inferred: unknown;
      drift: { findings: { ruleId: string }[] };
    };
    expect(doc.answers).toEqual({ name: 'billing', port: 9090 });
    expect(doc.inferred).toEqual({ name: 'package.json', port: 'Dockerfile' });
    expect(doc.drift.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining([
        'files.managed-modified',
        'files.managed-missing',
        'template.outdated',
      ]),
    );
    expect(gitSync(repo, 'status', '--porcelain')).toBe('?? .platform/');
    expect(await readFile(path.join(repo, 'Dockerfile'), 'utf8')).toBe(
      'FROM node:20\nEXPOSE 9090\n',
    );
    const again = await platform(repo, ['adopt', '--template', 'svc']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exists');
    commit(repo, 'adopt');
    const doctor = await platform(repo, ['doctor', '--fix']);
    expect(doctor.stdout).toContain('Fixed:');
  });

  it('names a missing required answer when nothing can be inferred', async () => {
    const repo = path.join(await testdir(), 'Legacy_Repo');
    await copyDirInto(await gitdir({ 'README.md': '# X\n' }), repo);
    const result = await platform(repo, ['adopt', '--template', 'svc', '--set', 'port=80']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Missing required answer\(s\): name/);
    expect(gitSync(repo, 'status', '--porcelain')).toBe('');
  });
});

async function copyDirInto(from: string, to: string): Promise<void> {
  const { cp } = await import('node:fs/promises');
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
}
