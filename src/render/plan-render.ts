import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import { UserError, errorMessage } from '../errors.js';
import type { Manifest, Owner } from '../catalog/manifest.js';
import { renderString } from './handlebars-env.js';
import { platformData } from './platform-data.js';
import type { RenderCli } from './render-cli.js';
import { unsafeLinkReason, unsafePathReason } from './safe-path.js';
import type { TemplateFile } from './template-files.js';

export type Answers = Record<string, string | number | boolean>;

/** Where a render came from, exactly as the state file records it. */
export interface TemplateRecord {
  catalog: string;
  id: string;
  version: string;
}

export interface PlannedFile {
  /** The rendered path, relative to the target. */
  path: string;
  /** The path under `files/` it came from. */
  templatePath: string;
  owner: Owner;
  kind: 'file' | 'symlink';
  content: Buffer;
  mode: number;
  sha256: string;
  linkTarget?: string;
}

/** Everything a render will write, computed before anything is written. */
export interface RenderPlan {
  template: TemplateRecord;
  answers: Answers;
  files: PlannedFile[];
  /** Files left out by `when:` conditions. */
  skipped: string[];
}

export interface PlanInput {
  manifest: Manifest;
  catalog: string;
  files: TemplateFile[];
  answers: Answers;
  /** The CLI the render names in `@platform.cli`: the current one, or the one a state recorded. */
  cli: RenderCli;
}

/** Renders paths and contents in memory: pure, so every error surfaces before a write. */
export function planRender({ manifest, catalog, files, answers, cli }: PlanInput): RenderPlan {
  const context = renderContext(manifest, answers);
  const data = platformData(manifest, catalog, cli);
  const ownerOf = ownershipMatcher(manifest);
  const conditions = Object.entries(manifest.files.when).map(
    ([glob, condition]) => [picomatch(glob, { dot: true }), condition] as const,
  );
  const planned: PlannedFile[] = [];
  const skipped: string[] = [];
  const byPath = new Map<string, string>();
  for (const file of files) {
    const rendered = file.path.endsWith('.hbs') && file.kind === 'file';
    const outPath = renderTemplatePath(file.path, context, data, rendered);
    const unsafe =
      unsafePathReason(outPath) ??
      (file.linkTarget !== undefined ? unsafeLinkReason(outPath, file.linkTarget) : null);
    if (unsafe)
      throw new UserError(
        'UNSAFE_PATH',
        `files/${file.path} renders to "${outPath}": ${unsafe}`,
        'Template paths must stay inside the target folder.',
      );
    if (byPath.has(outPath))
      throw new UserError(
        'MANIFEST',
        `files/${file.path} and files/${byPath.get(outPath)} both render to ${outPath}`,
      );
    byPath.set(outPath, file.path);
    if (
      !conditions.every(
        ([matches, condition]) => !matches(outPath) || conditionHolds(condition, answers),
      )
    ) {
      skipped.push(outPath);
      continue;
    }
    const content = rendered ? Buffer.from(renderFile(file, context, data)) : file.content;
    planned.push({
      path: outPath,
      templatePath: file.path,
      owner: ownerOf(outPath),
      kind: file.kind,
      content,
      mode: file.mode,
      sha256: sha256(content),
      ...(file.linkTarget !== undefined && { linkTarget: file.linkTarget }),
    });
  }
  return {
    template: { catalog, id: manifest.id, version: manifest.version },
    answers,
    files: planned,
    skipped,
  };
}

/** The sha256 the state file records for rendered bytes. */
export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Every declared parameter is a key, so strict mode only rejects undeclared names. */
export function renderContext(manifest: Manifest, answers: Answers): Record<string, unknown> {
  return Object.fromEntries(manifest.parameters.map((p) => [p.name, answers[p.name] ?? null]));
}

function renderTemplatePath(
  templatePath: string,
  context: Record<string, unknown>,
  data: Record<string, unknown>,
  rendered: boolean,
): string {
  const out = rendered ? templatePath.slice(0, -'.hbs'.length) : templatePath;
  if (!out.includes('{{')) return out;
  try {
    return renderString(out, context, data);
  } catch (error) {
    throw new UserError(
      'MANIFEST',
      `files/${templatePath}: the path does not render: ${errorMessage(error)}`,
    );
  }
}

function renderFile(
  file: TemplateFile,
  context: Record<string, unknown>,
  data: Record<string, unknown>,
): string {
  try {
    return renderString(file.content.toString('utf8'), context, data);
  } catch (error) {
    throw new UserError(
      'MANIFEST',
      `files/${file.path} does not render: ${errorMessage(error).split('\n')[0]}`,
      'Declare the variable as a parameter in template.yaml, or write \\{{ for literal braces.',
    );
  }
}

function ownershipMatcher(manifest: Manifest): (path: string) => Owner {
  const lists = manifest.ownerOrder
    .filter((owner) => manifest.files[owner].length > 0)
    .map((owner) => [owner, picomatch(manifest.files[owner], { dot: true })] as const);
  return (file) => lists.find(([, matches]) => matches(file))?.[0] ?? 'merged';
}

function conditionHolds(
  condition: Record<string, string | number | boolean>,
  answers: Answers,
): boolean {
  return Object.entries(condition).every(
    ([name, expected]) => String(answers[name]) === String(expected),
  );
}
