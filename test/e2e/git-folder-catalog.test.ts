import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { gitdir, gitSync, testdir } from '../helpers/testdir.js';

const manifest = (version: string) =>
  `schemaVersion: 1\nid: api\nversion: ${version}\nname: Api\ndescription: The api ${version}.\nparameters:\n  - { name: name, type: string, required: true }\n`;

describe('a git catalog laid out as a folder catalog', () => {
  it('is read from the default branch with a note, and follows new commits', async () => {
    const repo = await gitdir({
      'api/1.0.0/template.yaml': manifest('1.0.0'),
      'api/1.0.0/files/README.md.hbs': '# {{name}} from 1.0.0\n',
    });
    const cwd = await testdir();
    const catalog = `git+file://${repo}`;
    const created = await runBin(
      'create-service',
      ['svc', '-t', 'api', '--catalog', catalog, '-s', 'name=svc', '-y', '--no-git'],
      { cwd },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stderr).toContain('has no version tags; reading its default branch');
    expect(readFileSync(path.join(cwd, 'svc/README.md'), 'utf8')).toBe('# svc from 1.0.0\n');

    // A new version folder committed on the default branch is seen on the next run.
    const next = await testdir({
      'api/1.1.0/template.yaml': manifest('1.1.0'),
      'api/1.1.0/files/README.md.hbs': '# {{name}} from 1.1.0\n',
    });
    cpSync(path.join(next, 'api'), path.join(repo, 'api'), { recursive: true });
    gitSync(repo, 'add', '--all');
    gitSync(repo, 'commit', '--quiet', '-m', 'api 1.1.0');
    const list = await runBin('platform', ['templates', 'list', '--catalog', catalog, '--json'], {
      cwd,
    });
    expect(list.exitCode, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).templates[0]).toMatchObject({ id: 'api', latest: '1.1.0' });
  });

  it('names the layouts it expects when a repo has neither tags nor version folders (exit 2)', async () => {
    const repo = await gitdir({ 'README.md': '# not a catalog\n' });
    const cwd = await testdir();
    const result = await runBin(
      'platform',
      ['templates', 'list', '--catalog', `git+file://${repo}`],
      { cwd },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/holds no template versions/);
    expect(result.stderr).toMatch(/<id>@<version>.*v<version>.*<id>\/<version>\/template\.yaml/s);
  });
});
