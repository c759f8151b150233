import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { unsafeLinkReason, unsafePathReason } from '../render/safe-path.js';
import {
  readTemplateFiles,
  refuseLinkedFolder,
  type TemplateFile,
} from '../render/template-files.js';
import { undeclaredVariableUses } from '../render/validate-template.js';
import type { Manifest } from '../catalog/manifest.js';
import { valid } from '../catalog/semver.js';
import { unusedDeclarations } from './unused-declarations.js';

/** What `platform templates validate <dir>` found in one template version folder. */
export interface TemplateValidation {
  dir: string;
  manifest?: Manifest;
  files: number;
  /** One line per problem, each naming the file (and line or field) it is about. */
  problems: string[];
}

/**
 * Checks a template version folder (`template.yaml` plus `files/`) the way a render would,
 * without answers: the manifest against its schema, every variable against the parameters,
 * and every path and link for safety. Templated path segments are checked as placeholders.
 */
export async function validateTemplateDir(dir: string): Promise<TemplateValidation> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(
      'INPUT',
      `${dir} is not a folder`,
      'Pass a template version folder: the one that holds template.yaml and files/.',
    );
  const manifestFile = path.join(dir, 'template.yaml');
  if (!existsSync(manifestFile)) return { dir, files: 0, problems: ['template.yaml: missing'] };
  try {
    refuseLinkedFolder(dir, 'template.yaml');
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { dir, files: 0, problems: [`template.yaml: ${error.message}`] };
  }
  const { parseManifest } = await import('../catalog/load-manifest.js');
  let manifest: Manifest;
  try {
    manifest = await parseManifest(readFileSync(manifestFile, 'utf8'), 'template.yaml');
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const details = error.details ?? [];
    return {
      dir,
      files: 0,
      problems: details.length > 0 ? details.map((d) => `template.yaml: ${d}`) : [error.message],
    };
  }
  const problems = [...folderNameProblems(dir, manifest)];
  let files: TemplateFile[];
  try {
    files = await readTemplateFiles(dir);
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'UNSAFE_PATH') throw error;
    return { dir, manifest, files: 0, problems: [...problems, `files/: ${error.message}`] };
  }
  if (files.length === 0) problems.push('files/: missing or empty; a template renders its files/');
  problems.push(...undeclaredVariableUses(manifest, files), ...unusedDeclarations(manifest, files));
  for (const file of files) {
    const out = placeholderPath(file.path, file.kind === 'file');
    const reason =
      unsafePathReason(out) ??
      (file.linkTarget !== undefined ? unsafeLinkReason(out, file.linkTarget) : null);
    if (reason) problems.push(`files/${file.path}: ${reason}`);
  }
  return { dir, manifest, files: files.length, problems };
}

// In a catalog the folder is `<id>/<version>`; the manifest must agree with both names.
function folderNameProblems(dir: string, manifest: Manifest): string[] {
  const version = path.basename(path.resolve(dir));
  const id = path.basename(path.dirname(path.resolve(dir)));
  if (valid(version) !== version) return [];
  const problems: string[] = [];
  if (manifest.version !== version)
    problems.push(`template.yaml: version is ${manifest.version}, but the folder is ${version}`);
  if (manifest.id !== id)
    problems.push(`template.yaml: id is ${manifest.id}, but the folder above is ${id}`);
  return problems;
}

// What a render would write, with each templated segment standing in as a plain name.
function placeholderPath(templatePath: string, rendered: boolean): string {
  const out = rendered && templatePath.endsWith('.hbs') ? templatePath.slice(0, -4) : templatePath;
  return out.replace(/\{\{[^}]*\}\}/g, 'x');
}
