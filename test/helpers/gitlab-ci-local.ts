import { createRequire } from 'node:module';
import path from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { envWithNode } from './node-runtime.js';
import { testdir } from './testdir.js';

export interface GitlabCiLocalRun {
  exitCode: number;
  /** What it printed on stdout alone (the pipeline, for `--preview`). */
  stdout: string;
  /** stdout and stderr interleaved. */
  output: string;
}

/** gitlab-ci-local's entry point, from the devDependency. */
function entry(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('gitlab-ci-local/package.json')), 'dist/index.js');
}

/**
 * Runs gitlab-ci-local in `dir` (a git repository) with the Node in `nodeBin`, which must be
 * 22 or newer; it is also first on PATH for the jobs. Its own state and home stay in temp folders.
 */
export async function gitlabCiLocal(
  dir: string,
  args: string[],
  { nodeBin, env = {} }: { nodeBin: string; env?: Record<string, string> },
): Promise<GitlabCiLocalRun> {
  const node = path.join(nodeBin, 'node');
  const { stdout: version } = await execa(node, ['--version']);
  if (!semver.satisfies(version, '>=22'))
    throw new Error(`gitlab-ci-local needs Node 22+, not ${version}`);
  const home = await testdir();
  const result = await execa(node, [entry(), '--home', home, ...args], {
    cwd: dir,
    env: envWithNode(nodeBin, { NO_COLOR: '1', ...env }),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout ?? '', output: result.all ?? '' };
}

/**
 * Validates `.gitlab-ci.yml` in `dir` (a git repository) as GitLab would before a pipeline:
 * `--list` expands `extends`/`default` and checks the result against GitLab's CI JSON Schema,
 * printing "json schema validated" when it passes. The one owner of GitLab CI validation.
 */
export function lintGitlabCi(dir: string, options: { nodeBin: string }): Promise<GitlabCiLocalRun> {
  return gitlabCiLocal(dir, ['--list'], options);
}

/**
 * Runs one job with the shell executor on this machine, although the pipeline names images:
 * no container runtime is needed, and the tools on PATH stand in for the image's.
 * `variables` are set as a project's CI/CD variables would be.
 */
export function runJobInShell(
  dir: string,
  job: string,
  options: { nodeBin: string; variables?: Record<string, string>; env?: Record<string, string> },
): Promise<GitlabCiLocalRun> {
  const variables = Object.entries(options.variables ?? {}).flatMap(([key, value]) => [
    '--variable',
    `${key}=${value}`,
  ]);
  return gitlabCiLocal(dir, ['--force-shell-executor', ...variables, job], options);
}

/** Jobs of an expanded pipeline (`--preview` output) whose script runs `command`. */
export function jobsRunning(pipeline: Record<string, unknown>, command: RegExp): string[] {
  return Object.entries(pipeline)
    .filter(([name, job]) => !name.startsWith('.') && typeof job === 'object' && job !== null)
    .filter(([, job]) => {
      const { script, before_script: before } = job as {
        script?: unknown;
        before_script?: unknown;
      };
      return [script, before].flat().some((line) => typeof line === 'string' && command.test(line));
    })
    .map(([name]) => name);
}
