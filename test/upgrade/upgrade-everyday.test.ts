import { beforeAll, describe, expect, it } from 'vitest';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { gitSync } from '../helpers/testdir.js';
import { commitEdits, read, scaffold, status, upgrade } from './upgrade-helpers.js';

const README_1 = '# {{name}}\n\n## Run\n\nnpm start\n';
const README_2 = '# {{name}}\n\n## Run\n\nnpm run start:prod\n';
const FILES = { managed: ['.github/**'], seeded: ['src/**'] };

let repo: TemplateRepo;
beforeAll(async () => {
  repo = await templateRepo({
    versions: {
      '1.0.0': {
        manifest: { files: FILES },
        files: { 'README.md.hbs': README_1, '.github/workflows/ci.yml': 'run: npm test\n' },
      },
      '1.1.0': {
        manifest: { files: FILES },
        files: {
          'README.md.hbs': README_2,
          '.github/workflows/ci.yml': 'run: npm test\nrun: lint\n',
        },
      },
    },
  });
});

describe('platform upgrade on the everyday path', () => {
  it('--dry-run --exit-code exits 1 when it predicts a conflict, like diff --exit-code', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const clean = await upgrade(dir, ['--dry-run', '--exit-code']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    await commitEdits(dir, { 'README.md': '# orders\n\n## Run\n\nmake run\n' });
    const plain = await upgrade(dir, ['--dry-run']);
    expect(plain.exitCode).toBe(0);
    const strict = await upgrade(dir, ['--dry-run', '--exit-code']);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toMatch(/1 file\(s\) would conflict/);
    expect(status(dir)).toBe('');
  });

  it('keeps saved local patches out of `git add -A` and says where they are', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, { '.github/workflows/ci.yml': 'run: npm test -- --ci\n' });
    const result = await upgrade(dir);
    expect(result.exitCode, result.stderr).toBe(0);
    const patch = '.platform/upgrade/.github/workflows/ci.yml.local.patch';
    expect(await read(dir, patch)).toContain('+run: npm test -- --ci');
    expect(result.stdout).toContain(patch);
    expect(result.stdout).toContain('kept out of commits by .platform/upgrade/.gitignore');
    gitSync(dir, 'add', '-A');
    const staged = gitSync(dir, 'diff', '--cached', '--name-only');
    expect(staged).toContain('.github/workflows/ci.yml');
    expect(staged).not.toContain('.platform/upgrade');
  });
});
