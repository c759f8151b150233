import type { Manifest } from '../catalog/manifest.js';
import { UserError } from '../errors.js';
import { lineAt } from '../text-lines.js';
import { yamlProblem } from '../yaml-data.js';
import type { PlannedFile } from './plan-render.js';
import type { TemplateFile } from './template-files.js';
import { findUndeclaredVariables } from './template-variables.js';

/** A rendered file that does not parse, and the answers that went into it. */
export interface SyntaxProblem {
  path: string;
  format: 'JSON' | 'YAML';
  reason: string;
  answers: string[];
}

/**
 * Finds the rendered `.json` files that are not JSON and `.yaml`/`.yml` files that are not
 * YAML (several documents are fine). Only files rendered from `.hbs` are parsed: an answer can
 * break only those, and a copied file is the template author's bytes, JSONC tsconfigs included.
 */
export async function findSyntaxProblems(
  files: readonly PlannedFile[],
  template: { manifest: Manifest; files: readonly TemplateFile[] },
): Promise<SyntaxProblem[]> {
  const problems: SyntaxProblem[] = [];
  for (const file of files) {
    if (file.kind !== 'file' || !file.templatePath.endsWith('.hbs')) continue;
    const format = formatOf(file.path);
    if (!format) continue;
    const text = file.content.toString('utf8');
    const reason = format === 'JSON' ? jsonProblem(text) : await yamlProblem(text);
    if (reason)
      problems.push({ path: file.path, format, reason, answers: answersUsed(file, template) });
  }
  return problems;
}

/** Refuses a render with a file that does not parse, before anything is written. */
export async function assertRenderParses(
  files: readonly PlannedFile[],
  template: { manifest: Manifest; files: readonly TemplateFile[] },
): Promise<void> {
  const problems = await findSyntaxProblems(files, template);
  const first = problems[0];
  if (!first) return;
  const uses = (p: SyntaxProblem) =>
    p.answers.length > 0 ? `the answers ${p.answers.join(', ')}` : 'no answers';
  throw new UserError(
    'ANSWERS',
    problems.length === 1
      ? `The render is refused: ${first.path} does not parse as ${first.format} (${first.reason}); it uses ${uses(first)}`
      : `The render is refused: ${problems.length} files do not parse: ${problems.map((p) => p.path).join(', ')}`,
    `Change ${first.answers.length > 0 ? 'those answers' : 'the template'} (quotes, backslashes and colons need care), or have the template escape them, e.g. {{json description}}. Nothing was written.`,
    problems.map((p) => `${p.path}: not ${p.format} (${p.reason}); uses ${uses(p)}`),
  );
}

function formatOf(file: string): SyntaxProblem['format'] | null {
  if (file.endsWith('.json')) return 'JSON';
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return 'YAML';
  return null;
}

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    return position ? `line ${lineAt(text, Number(position[1]))}` : message.split('\n')[0]!;
  }
}

// The parameters the file's template and path refer to: what the user can change.
function answersUsed(
  file: PlannedFile,
  template: { manifest: Manifest; files: readonly TemplateFile[] },
): string[] {
  const declared = new Set(template.manifest.parameters.map((p) => p.name));
  const source = template.files.find((f) => f.path === file.templatePath);
  const names = new Set<string>();
  for (const text of [file.templatePath, source?.content.toString('utf8') ?? ''])
    for (const use of findUndeclaredVariables(text, new Set()))
      if (declared.has(use.name)) names.add(use.name);
  return [...names].sort();
}
