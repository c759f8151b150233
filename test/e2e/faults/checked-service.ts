import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { catalogDir } from '../../helpers/catalog.js';
import { runBin } from '../../helpers/run-bin.js';
import { gitSync, testdir } from '../../helpers/testdir.js';

/**
 * A service rendered from a one-version template whose `checks:` are `checks`, with `files`
 * (path to text) written and committed on top: the repo a heavy check runs over.
 */
export async function checkedService(
  checks: Record<string, unknown>[],
  files: Record<string, string>,
): Promise<{ repo: string; catalog: string }> {
  const catalog = await catalogDir({
    t: {
      '1.0.0': {
        manifest: { parameters: [{ name: 'name', type: 'string', default: 'x' }], checks },
        files: { 'README.md.hbs': '# {{name}}\n' },
      },
    },
  });
  const parent = await testdir();
  const made = await runBin(
    'create-service',
    ['svc', '-t', 't', '--catalog', catalog, '--yes', '--no-install'],
    { cwd: parent },
  );
  expect(made.exitCode, made.stderr).toBe(0);
  const repo = path.join(parent, 'svc');
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
  }
  gitSync(repo, 'add', '--all');
  gitSync(repo, 'commit', '--quiet', '-m', 'big');
  return { repo, catalog };
}
