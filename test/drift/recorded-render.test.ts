import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRepo } from '../../src/drift/check-repo.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { renderService, templateCatalog } from './fixtures.js';

const CI = '.github/workflows/ci.yml';

// A service rendered before a release was edited in place holds exactly what the CLI rendered
// then, and its state file says so: it is not locally modified, and an upgrade must not treat
// it as a team edit.
describe('a managed file that still matches the recorded render', () => {
  it('is not files.managed-modified, --fix leaves it, and upgrade saves no local patch', async () => {
    const catalog = await templateCatalog(['1.0.0', '1.1.0']);
    const repo = await renderService(catalog, '1.0.0');
    const rendered = await readFile(path.join(repo, CI), 'utf8');
    await appendFile(
      path.join(catalog, 'svc/1.0.0/files/.github/workflows/ci.yml.hbs'),
      '# edited in place after release\n',
    );
    // A real local edit elsewhere makes the check re-render the recorded version.
    await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:22-slim\nUSER root\n');
    const env = await isolatedEnv();

    const { report } = await checkRepo({ root: repo, catalogs: [catalog], env });
    const managed = report.findings.filter((f) => f.ruleId.startsWith('files.managed'));
    expect(managed.map((f) => f.file)).toEqual(['Dockerfile']);

    // The Dockerfile edit is uncommitted: --fix replaces it only with --allow-dirty.
    const fix = await runBin(
      'platform',
      ['doctor', '--fix', '--allow-dirty', '--catalog', catalog],
      {
        cwd: repo,
        env,
      },
    );
    expect(fix.stdout).toMatch(/restore\s+Dockerfile/);
    expect(fix.stdout).not.toMatch(/restore\s+\.github/);
    expect(await readFile(path.join(repo, CI), 'utf8')).toBe(rendered);

    const upgrade = await runBin('platform', ['upgrade', '--catalog', catalog, '--json'], {
      cwd: repo,
      env,
    });
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    const doc = JSON.parse(upgrade.stdout) as { files: { path: string; localPatch?: string }[] };
    expect(doc.files.find((f) => f.path === CI)).not.toHaveProperty('localPatch');
  });
});
