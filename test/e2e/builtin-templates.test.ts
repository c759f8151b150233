import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_IDS, builtinVersions, newestBuiltin } from '../helpers/builtin-templates.js';
import { runBin } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';

const builtins = BUILTIN_IDS.flatMap((id) =>
  builtinVersions(id).flatMap((version) =>
    (['github', 'gitlab'] as const).map((ci) => ({ id, version, ci })),
  ),
);
const CI_FILE = { github: '.github/workflows/ci.yml', gitlab: '.gitlab-ci.yml' };

interface CheckDocument {
  repos: { status: string; findings: { ruleId: string; file?: string; fix?: string }[] }[];
}

describe('platform templates list', () => {
  it('shows both built-in templates with every released version, newest first', async () => {
    const result = await runBin('platform', ['templates', 'list', '--json'], {
      cwd: await testdir(),
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const { templates } = JSON.parse(result.stdout) as {
      templates: { id: string; versions: string[] }[];
    };
    for (const id of ['node-http-service', 'node-worker'])
      expect(templates.find((t) => t.id === id)?.versions).toEqual(builtinVersions(id));
  });
});

describe.each(builtins)('built-in $id@$version with ci=$ci', ({ id, version, ci }) => {
  it('renders on the road, and its own checks catch a CI without the secret scan', async () => {
    const cwd = await testdir();
    const created = await runBin(
      'create-service',
      ['svc', '-t', `${id}@${version}`, '--set', 'name=orders', '--set', `ci=${ci}`].concat([
        '--yes',
        '--no-install',
      ]),
      { cwd },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const repo = path.join(cwd, 'svc');
    const check = async () => {
      const result = await runBin('platform', ['check', '--format', 'json'], { cwd: repo });
      return { exitCode: result.exitCode, doc: JSON.parse(result.stdout) as CheckDocument };
    };

    const clean = await check();
    const outdated = version !== newestBuiltin(id);
    expect(clean.doc.repos[0]?.findings.map((f) => f.ruleId)).toEqual(
      outdated ? ['template.outdated'] : [],
    );
    expect(clean.doc.repos[0]?.status).toBe(outdated ? 'outdated' : 'on-road');
    expect(clean.exitCode).toBe(0);

    // The ci.secret-scan that applies is the one for the chosen CI system (`when:`).
    const ciFile = path.join(repo, CI_FILE[ci]);
    await writeFile(ciFile, (await readFile(ciFile, 'utf8')).replace(/gitleaks/gi, 'nothing'));
    const broken = await check();
    expect(broken.exitCode).toBe(1);
    const scan = broken.doc.repos[0]?.findings.filter((f) => f.ruleId === 'ci.secret-scan');
    expect(scan).toEqual([expect.objectContaining({ file: CI_FILE[ci] })]);
    expect(scan?.[0]?.fix).toMatch(/platform doctor --fix/);
  });
});

describe.each(
  BUILTIN_IDS.flatMap((id) =>
    builtinVersions(id)
      .slice(1)
      .flatMap((from) => (['github', 'gitlab'] as const).map((ci) => ({ id, from, ci }))),
  ),
)('upgrading $id $from to the newest with ci=$ci', ({ id, from, ci }) => {
  it('moves to Node 24 and the newest CI, keeps team edits, and ends on the road', async () => {
    const newest = newestBuiltin(id);
    const cwd = await testdir();
    const created = await runBin(
      'create-service',
      ['svc', '-t', `${id}@${from}`, '--set', 'name=orders', '--set', `ci=${ci}`].concat([
        '--yes',
        '--no-install',
      ]),
      { cwd },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const repo = path.join(cwd, 'svc');
    const readme = path.join(repo, 'README.md');
    await writeFile(readme, `${await readFile(readme, 'utf8')}\nTeam notes.\n`);
    gitSync(repo, 'commit', '--quiet', '--all', '-m', 'team edit');

    const upgraded = await runBin('platform', ['upgrade', '--to', newest], { cwd: repo });
    expect(upgraded.exitCode, upgraded.stdout + upgraded.stderr).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe('>=24.11');
    expect(await readFile(path.join(repo, CI_FILE[ci]), 'utf8')).toMatch(/supply-chain/);
    expect(await readFile(readme, 'utf8')).toContain(`${id}@${newest}`);
    expect(await readFile(readme, 'utf8')).toContain('Team notes.');

    const check = await runBin('platform', ['check', '--format', 'json'], { cwd: repo });
    const doc = JSON.parse(check.stdout) as CheckDocument;
    expect(doc.repos[0]?.findings).toEqual([]);
    expect(check.exitCode).toBe(0);
  });
});
