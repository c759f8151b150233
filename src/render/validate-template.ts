import { UserError } from '../errors.js';
import type { Manifest } from '../catalog/manifest.js';
import type { TemplateFile } from './template-files.js';
import { PLATFORM_VARIABLES } from './platform-data.js';
import { findUndeclaredVariables } from './template-variables.js';

const RESERVED = PLATFORM_VARIABLES.map((v) => `@${v}`).join(', ');

/** Lists every use of an undeclared variable in a template's paths and `.hbs` files. */
export function undeclaredVariableUses(manifest: Manifest, files: TemplateFile[]): string[] {
  const declared = new Set(manifest.parameters.map((p) => p.name));
  const problems: string[] = [];
  for (const file of files) {
    const sources: [string, string][] = [];
    if (file.path.includes('{{')) sources.push(['path', file.path]);
    if (file.kind === 'file' && file.path.endsWith('.hbs'))
      sources.push(['content', file.content.toString('utf8')]);
    for (const [where, source] of sources) {
      let found;
      try {
        found = findUndeclaredVariables(source, declared);
      } catch (error) {
        problems.push(
          `files/${file.path}: the ${where} is not valid Handlebars: ${(error as Error).message.split('\n')[0]}`,
        );
        continue;
      }
      for (const v of found)
        problems.push(
          `files/${file.path}${where === 'content' ? `:${v.line}` : ' (path)'}: {{${v.name}}} ${
            v.kind === 'reserved'
              ? `is not a reserved variable (${RESERVED})`
              : 'is not a declared parameter'
          }`,
        );
    }
  }
  return problems;
}

/** Throws a manifest error naming every undeclared variable. */
export function assertDeclaredVariables(manifest: Manifest, files: TemplateFile[]): void {
  const problems = undeclaredVariableUses(manifest, files);
  if (problems.length > 0)
    throw new UserError(
      'MANIFEST',
      `${manifest.id}@${manifest.version} uses undeclared variables`,
      'Declare them under parameters in template.yaml, or write \\{{ for literal braces.',
      problems,
    );
}
