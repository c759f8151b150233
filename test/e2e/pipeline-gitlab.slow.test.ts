// Slow suite: the newest version of each built-in template rendered with ci=gitlab (with
// install and git, as a team gets it), and its pipeline run by gitlab-ci-local: validated,
// then its test job and its drift job run with the shell executor. The drift job's pinned CLI
// is this package, packed and published to a local Verdaccio registry.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  gitlabCiLocal,
  jobsRunning,
  lintGitlabCi,
  runJobInShell,
} from '../helpers/gitlab-ci-local.js';
import { NPM_CACHE_ENV, ensureNodeMajor } from '../helpers/node-runtime.js';
import { SERVICE_NODE_MAJOR, newestRenders, renderService } from '../helpers/newest-render.js';
import { pinnedCliOf, thisPackage } from '../helpers/pinned-cli.js';
import { ROOT } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';
import { configuredRegistry, startRegistry, type LocalRegistry } from '../helpers/verdaccio.js';

const MINUTE = 60_000;
const gitlabRenders = newestRenders().filter((r) => r.ci === 'gitlab');
let registry: LocalRegistry | undefined;
let published = '';
let nodeBin = '';

beforeAll(async () => {
  // gitlab-ci-local needs Node 22+; the services' Node 24 serves it and the jobs alike.
  nodeBin = await ensureNodeMajor(SERVICE_NODE_MAJOR);
  registry = await startRegistry(await configuredRegistry());
  // The tarball users get: `npm run pack`'s staged package (the checkout itself is private).
  const packDir = await testdir();
  const { stdout } = await execa('node', [
    path.join(ROOT, 'scripts/pack.mjs'),
    '--destination',
    packDir,
  ]);
  published = await registry.publish(stdout.trim().split('\n').at(-1)!);
}, 5 * MINUTE);

afterAll(async () => {
  await registry?.stop();
});

describe.each(gitlabRenders)('the GitLab pipeline of $id@$version', (template) => {
  let dir = '';
  let pipeline: Record<string, unknown> = {};
  /** CI/CD variables: the job's npm cache is the suite's, not a folder under /builds. */
  const variables = () => ({ ...NPM_CACHE_ENV });

  beforeAll(async () => {
    dir = await renderService(template);
    const preview = await gitlabCiLocal(dir, ['--preview'], { nodeBin });
    expect(preview.exitCode, preview.output).toBe(0);
    pipeline = parseYaml(preview.stdout) as Record<string, unknown>;
  }, 6 * MINUTE);

  it(
    'validates with gitlab-ci-local and lists a test job and a drift job',
    { timeout: 3 * MINUTE },
    async () => {
      const list = await lintGitlabCi(dir, { nodeBin });
      expect(list.exitCode, list.output).toBe(0);
      expect(list.output).toMatch(/json schema validated/);
      expect(jobsRunning(pipeline, /\bnpm (run )?test\b/)).toHaveLength(1);
      expect(jobsRunning(pipeline, /\bplatform check\b/)).toHaveLength(1);
    },
  );

  it('has the lockfile committed, which its npm ci and cache key need', () => {
    expect(gitSync(dir, 'ls-files', 'package-lock.json')).toBe('package-lock.json');
  });

  it('runs its drift job with the CLI pinned to the exact version that rendered it', async () => {
    const [job] = jobsRunning(pipeline, /\bplatform check\b/);
    const script = expandVariables(pipeline, job ?? '');
    const pkg = await thisPackage();
    expect(pinnedCliOf(script)).toEqual({ name: pkg.name, version: pkg.version });
  });

  it(
    'passes its test job, run by gitlab-ci-local with the shell executor',
    async () => {
      const [job] = jobsRunning(pipeline, /\bnpm (run )?test\b/);
      const run = await runJobInShell(dir, job ?? '', { nodeBin, variables: variables() });
      expect(run.exitCode, run.output).toBe(0);
      expect(run.output).toMatch(new RegExp(`PASS\\s+${job}`));
    },
    12 * MINUTE,
  );

  it(
    'passes its drift job, which fetches the pinned CLI from the registry',
    async () => {
      const [job] = jobsRunning(pipeline, /\bplatform check\b/);
      // A cache of its own: npx keys its installs by spec, and this package's version stays the
      // same while its templates change, so a shared cache would run an earlier run's CLI.
      const run = await runJobInShell(dir, job ?? '', {
        nodeBin,
        variables: {
          ...variables(),
          npm_config_cache: await testdir(),
          NPM_CONFIG_REGISTRY: registry?.url ?? '',
        },
      });
      expect(run.exitCode, run.output).toBe(0);
      expect(run.output).toMatch(new RegExp(`PASS\\s+${job}`));
      const report = await readFile(path.join(dir, 'gl-code-quality-report.json'), 'utf8');
      expect(JSON.parse(report)).toEqual(expect.any(Array));
      expect(published).toMatch(/@\d+\.\d+\.\d+/);
    },
    8 * MINUTE,
  );
});

/** A job's script with the pipeline's and the job's `$VAR` / `${VAR}` references expanded. */
function expandVariables(pipeline: Record<string, unknown>, job: string): string {
  const { script, variables } = pipeline[job] as {
    script: string[];
    variables?: Record<string, string>;
  };
  const values = { ...(pipeline.variables as Record<string, string> | undefined), ...variables };
  return script.join('\n').replace(/\$\{?(\w+)\}?/g, (ref, name: string) => values[name] ?? ref);
}
