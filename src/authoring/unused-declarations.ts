import picomatch from 'picomatch';
import type { Manifest } from '../catalog/manifest.js';
import type { TemplateFile } from '../render/template-files.js';
import { findUndeclaredVariables } from '../render/template-variables.js';

/**
 * What a manifest declares that nothing uses, which is how a typo hides: a parameter no
 * file, path or `when:` reads, an ownership or `when:` glob that matches no file, a check
 * whose file no render produces. (A regex that does not compile fails the manifest's schema.)
 */
export function unusedDeclarations(manifest: Manifest, files: readonly TemplateFile[]): string[] {
  const outputs = files.map((f) => outputPath(f));
  return [
    ...unusedParameters(manifest, files),
    ...unmatchedGlobs(manifest, outputs),
    ...checksOnMissingFiles(manifest, outputs),
  ];
}

function unusedParameters(manifest: Manifest, files: readonly TemplateFile[]): string[] {
  const used = new Set<string>();
  for (const condition of Object.values(manifest.files.when))
    for (const name of Object.keys(condition)) used.add(name);
  for (const check of manifest.checks)
    for (const name of Object.keys(check.when ?? {})) used.add(name);
  for (const file of files) {
    const sources = [file.path];
    if (file.kind === 'file' && file.path.endsWith('.hbs'))
      sources.push(file.content.toString('utf8'));
    for (const source of sources) {
      if (!source.includes('{{')) continue;
      try {
        // With nothing declared, every variable a source reads comes back as undeclared.
        for (const v of findUndeclaredVariables(source, new Set())) used.add(v.name);
      } catch {
        // Invalid Handlebars is reported by the variable check already.
      }
    }
  }
  return manifest.parameters
    .filter((p) => !used.has(p.name))
    .map(
      (p) => `template.yaml: parameters: ${p.name} is declared but no file, path or when: uses it`,
    );
}

function unmatchedGlobs(manifest: Manifest, outputs: readonly string[]): string[] {
  const problems: string[] = [];
  const owned = ['managed', 'merged', 'seeded'] as const;
  const lists: Array<[string, string[]]> = [
    ...owned.map((owner) => [`files.${owner}`, manifest.files[owner]] as [string, string[]]),
    ['files.when', Object.keys(manifest.files.when)],
  ];
  for (const [key, globs] of lists)
    for (const glob of globs) {
      const match = picomatch(glob, { dot: true });
      if (!outputs.some((out) => match(out)))
        problems.push(`template.yaml: ${key}: "${glob}" matches no file under files/`);
    }
  return problems;
}

function checksOnMissingFiles(manifest: Manifest, outputs: readonly string[]): string[] {
  return manifest.checks
    .filter((c) => c.file !== undefined && c.exists !== false && !outputs.includes(c.file))
    .map(
      (c) =>
        `template.yaml: checks: ${c.id} looks at ${c.file}, which no render of this template produces`,
    );
}

// The path a file renders to, with templated segments left as written: globs on literal parts
// still match, and a check naming a templated path is compared as the author wrote it.
function outputPath(file: TemplateFile): string {
  return file.kind === 'file' && file.path.endsWith('.hbs') ? file.path.slice(0, -4) : file.path;
}
