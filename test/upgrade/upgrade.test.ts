import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { gitSync } from '../helpers/testdir.js';
import {
  commitEdits,
  read,
  recordedVersion,
  scaffold,
  status,
  upgrade,
  upgradeJson,
} from './upgrade-helpers.js';

const README_1 = '# {{name}}\n\nIntro line.\n\n## Run\n\nnpm start\n\n## Notes\n\nnone\n';
const README_2 = '# {{name}}\n\nIntro line.\n\n## Run\n\nnpm run start:prod\n\n## Notes\n\nnone\n';
const PNG_1 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]);
const PNG_2 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x09, 0x09]);
const FILES = { managed: ['.github/**'], seeded: ['src/**'] };

let repo: TemplateRepo;
beforeAll(async () => {
  repo = await templateRepo({
    versions: {
      '1.0.0': {
        manifest: { files: FILES },
        files: {
          'README.md.hbs': README_1,
          '.github/workflows/ci.yml': 'steps:\n  - run: npm test\n',
          'src/app.js': 'console.log(1);\n',
          'old.txt': 'old\n',
          'notes.txt': 'notes\n',
          'logo.png': PNG_1,
        },
      },
      '1.1.0': {
        manifest: { files: FILES },
        files: {
          'README.md.hbs': README_2,
          '.github/workflows/ci.yml': 'steps:\n  - run: npm test\n  - run: gitleaks detect\n',
          'src/app.js': 'console.log(2);\n',
          'catalog-info.yaml.hbs': 'metadata:\n  name: {{name}}\n',
          'logo.png': PNG_2,
        },
      },
    },
  });
});

describe('platform upgrade', () => {
  it('merges a local edit and a template edit in the same file, and applies every decision', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, {
      'README.md': README_1.replace('{{name}}', 'orders').replace('Intro line.', 'Our intro.'),
      'notes.txt': 'our notes\n',
      'src/app.js': 'console.log("ours");\n',
    });
    const result = await upgrade(dir);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await read(dir, 'README.md')).toBe(
      '# orders\n\nOur intro.\n\n## Run\n\nnpm run start:prod\n\n## Notes\n\nnone\n',
    );
    expect(await read(dir, '.github/workflows/ci.yml')).toContain('gitleaks');
    expect(await read(dir, 'src/app.js')).toBe('console.log("ours");\n');
    expect(await read(dir, 'catalog-info.yaml')).toBe('metadata:\n  name: orders\n');
    expect(existsSync(path.join(dir, 'old.txt'))).toBe(false);
    expect(await read(dir, 'notes.txt')).toBe('our notes\n');
    expect(result.stdout).toMatch(
      /keep\s+notes\.txt\s+merged: dropped by the template but edited locally: kept/,
    );
    expect(result.stdout).toMatch(/svc 1\.0\.0 → 1\.1\.0/);
    expect(await recordedVersion(dir)).toBe('1.1.0');
    // Left uncommitted for review.
    expect(status(dir)).toContain('M README.md');
    expect(gitSync(dir, 'log', '--format=%s')).not.toMatch(/Upgrade/);
  });

  it('leaves git-style markers on a real conflict, lists it and exits 1', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, {
      'README.md': README_1.replace('{{name}}', 'orders').replace('npm start', 'make run'),
    });
    const { exitCode, doc, stderr } = await upgradeJson(dir);
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    expect(doc.conflicts).toContain('README.md');
    expect(doc.files.find((f) => f.path === 'README.md')).toMatchObject({
      action: 'conflict',
      conflicts: 1,
    });
    const readme = await read(dir, 'README.md');
    expect(readme).toContain(
      '<<<<<<< local\nmake run\n=======\nnpm run start:prod\n>>>>>>> svc@1.1.0\n',
    );
    // A second run refuses while the markers remain, and names the file.
    const again = await upgrade(dir, ['--allow-dirty']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/unresolved conflict markers/);
    expect(again.stderr).toContain('README.md');
  });

  it('prints the conflict with next steps in text mode', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, {
      'README.md': README_1.replace('{{name}}', 'orders').replace('npm start', 'make run'),
    });
    const { exitCode, stdout } = await upgrade(dir);
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/conflict\s+README\.md/);
    expect(stdout).toMatch(/1 conflict\(s\) left for you to resolve/);
    expect(stdout).toMatch(/git add -A && git commit/);
  });

  it('refuses a dirty worktree and writes nothing; --allow-dirty proceeds', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(path.join(dir, 'scratch.txt'), 'wip'),
    );
    const before = status(dir);
    const { exitCode, doc } = await upgradeJson(dir);
    expect(exitCode).toBe(2);
    expect(doc.error?.code).toBe('PRECONDITION');
    expect(doc.error?.message).toMatch(/uncommitted change/);
    expect(doc.error?.hint).toMatch(/--allow-dirty/);
    expect(doc.error?.details).toEqual(['scratch.txt (??)']);
    expect(status(dir)).toBe(before);
    expect(await recordedVersion(dir)).toBe('1.0.0');
    const allowed = await upgrade(dir, ['--allow-dirty']);
    expect(allowed.exitCode).toBe(0);
    expect(await recordedVersion(dir)).toBe('1.1.0');
    expect(await read(dir, 'scratch.txt')).toBe('wip');
  });

  it('refuses a downgrade and a version no catalog has', async () => {
    const dir = await scaffold(repo, '1.1.0');
    const down = await upgradeJson(dir, ['--to', '1.0.0']);
    expect(down.exitCode).toBe(2);
    expect(down.doc.error?.message).toMatch(/older than the recorded 1\.1\.0/);
    const missing = await upgradeJson(dir, ['--to', '9.9.9']);
    expect(missing.exitCode).toBe(2);
    expect(missing.doc.error?.message).toMatch(/svc@9\.9\.9 does not exist/);
    expect(missing.doc.error?.hint).toMatch(/1\.1\.0, 1\.0\.0/);
    const bad = await upgradeJson(dir, ['--to', 'latest']);
    expect(bad.exitCode).toBe(2);
    expect(status(dir)).toBe('');
  });

  it('says so and exits 0 when the service is current', async () => {
    const dir = await scaffold(repo, '1.1.0');
    const result = await upgrade(dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/already the latest version/);
  });

  it('keeps a file the team deleted deleted', async () => {
    const dir = await scaffold(repo, '1.0.0');
    gitSync(dir, 'rm', '--quiet', 'README.md', '.github/workflows/ci.yml');
    gitSync(dir, 'commit', '--quiet', '-m', 'we do not want these');
    const { exitCode, doc } = await upgradeJson(dir);
    expect(exitCode).toBe(0);
    expect(existsSync(path.join(dir, 'README.md'))).toBe(false);
    expect(existsSync(path.join(dir, '.github/workflows/ci.yml'))).toBe(false);
    expect(doc.files.find((f) => f.path === 'README.md')).toMatchObject({
      action: 'keep',
      reason: 'deleted locally: stays deleted',
    });
  });

  it('replaces a locally edited managed file and saves the local diff as a patch', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, { '.github/workflows/ci.yml': 'steps:\n  - run: npm test -- --ci\n' });
    const result = await upgrade(dir);
    expect(result.exitCode).toBe(0);
    expect(await read(dir, '.github/workflows/ci.yml')).toBe(
      'steps:\n  - run: npm test\n  - run: gitleaks detect\n',
    );
    const patch = await read(dir, '.platform/upgrade/.github/workflows/ci.yml.local.patch');
    expect(patch).toContain('-  - run: npm test\n+  - run: npm test -- --ci\n');
    expect(result.stdout).toContain('.platform/upgrade/.github/workflows/ci.yml.local.patch');
    expect(result.stdout).toContain('+  - run: npm test -- --ci');
    // The patch is real: it turns the old render back into the team's version.
    gitSync(dir, 'checkout', 'HEAD~1', '--', '.github/workflows/ci.yml');
    gitSync(dir, 'apply', '.platform/upgrade/.github/workflows/ci.yml.local.patch');
    expect(await read(dir, '.github/workflows/ci.yml')).toBe('steps:\n  - run: npm test -- --ci\n');
  });

  it('keeps the local binary and marks a conflict without writing markers into it', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const ours = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x07, 0x07]);
    await commitEdits(dir, { 'logo.png': ours });
    const { exitCode, doc } = await upgradeJson(dir);
    expect(exitCode).toBe(1);
    expect(doc.files.find((f) => f.path === 'logo.png')).toMatchObject({ action: 'conflict' });
    expect((await readFile(path.join(dir, 'logo.png'))).equals(ours)).toBe(true);
  });

  it('--dry-run prints the plan and leaves git status clean', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, {
      'README.md': README_1.replace('{{name}}', 'orders').replace('npm start', 'make run'),
    });
    const result = await upgrade(dir, ['--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Plan to upgrade/);
    expect(result.stdout).toMatch(/add\s+catalog-info\.yaml/);
    expect(result.stdout).toMatch(/remove\s+old\.txt/);
    expect(result.stdout).toMatch(/conflict\s+README\.md/);
    expect(result.stdout).toMatch(/nothing was written/);
    expect(status(dir)).toBe('');
    expect(await recordedVersion(dir)).toBe('1.0.0');
  });

  it('--commit commits the upgrade naming from → to', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const { exitCode, doc } = await upgradeJson(dir, ['--commit']);
    expect(exitCode).toBe(0);
    const commit = (doc as { commit?: { sha?: string } }).commit;
    expect(commit?.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(gitSync(dir, 'rev-parse', 'HEAD')).toBe(commit?.sha);
    expect(gitSync(dir, 'log', '-1', '--format=%s')).toBe('Upgrade svc 1.0.0 → 1.1.0');
    expect(status(dir)).toBe('');
  });

  it('--check exits 1 when an upgrade exists and 0 when current, with JSON for bots', async () => {
    const old = await scaffold(repo, '1.0.0');
    const behind = await upgradeJson(old, ['--check']);
    expect(behind.exitCode).toBe(1);
    expect(behind.doc).toMatchObject({
      status: 'check',
      current: '1.0.0',
      latest: '1.1.0',
      upgradeAvailable: true,
    });
    const current = await upgradeJson(await scaffold(repo, '1.1.0'), ['--check']);
    expect(current.exitCode).toBe(0);
    expect(current.doc).toMatchObject({ upgradeAvailable: false });
  });

  it('refuses a folder without a state file or outside git', async () => {
    const { testdir } = await import('../helpers/testdir.js');
    const plain = await testdir({ 'a.txt': 'x' });
    const none = await upgradeJson(plain);
    expect(none.exitCode).toBe(2);
    expect(none.doc.error?.hint).toMatch(/platform adopt/);
    const dir = await scaffold(repo, '1.0.0');
    await import('node:fs/promises').then((fs) =>
      fs.rm(path.join(dir, '.git'), { recursive: true }),
    );
    const nogit = await upgradeJson(dir);
    expect(nogit.exitCode).toBe(2);
    expect(nogit.doc.error?.message).toMatch(/not inside a git repository/);
  });
});
