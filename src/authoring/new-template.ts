import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogsFor } from '../catalog/command-catalogs.js';
import { parseTemplateRef, resolveTemplate } from '../catalog/resolve-template.js';
import { UserError } from '../errors.js';
import { applyRenderPlan } from '../render/apply-render-plan.js';
import type { PlannedFile, RenderPlan } from '../render/plan-render.js';
import { readTemplateFiles } from '../render/template-files.js';
import { scaffoldFiles } from './template-scaffold.js';

export interface NewTemplateOptions {
  cwd: string;
  /** The template's folder (`<dir>/1.0.0`), or with `id` the catalog (`<dir>/<id>/1.0.0`). */
  dir: string;
  /** The template id; the folder's name by default. */
  id?: string;
  /** `<id>@<range>` of an existing template to start from. */
  from?: string;
  catalogs?: string[];
}

export interface NewTemplateResult {
  id: string;
  /** The version folder written, `<dir>/1.0.0`. */
  dir: string;
  from: string | null;
  files: string[];
}

const FIRST_VERSION = '1.0.0';

/**
 * `platform templates new`: writes the first version of a new template, from scratch or as a
 * copy of an existing template version under the new id. The folder appears whole or not at all.
 */
export async function newTemplate(options: NewTemplateOptions): Promise<NewTemplateResult> {
  // With --id, <dir> is the catalog and the template goes into <dir>/<id>; without it, <dir> is
  // the template's own folder, named after the id, as a catalog lays it out.
  const id = options.id ?? path.basename(path.resolve(options.cwd, options.dir));
  const target = path.resolve(options.cwd, options.dir, options.id ? id : '.');
  if (!/^[a-z0-9-]+$/.test(id))
    throw new UserError(
      'INPUT',
      `"${id}" is not a template id: use lower-case letters, digits and dashes`,
      options.id ? 'Pass another --id.' : 'Name the folder after the id, or pass --id.',
    );
  if (lstatSync(target, { throwIfNoEntry: false }))
    throw new UserError(
      'TARGET',
      `${path.relative(options.cwd, target) || target} already exists`,
      'Choose a new folder. To add a version to a template, copy its newest version folder.',
    );
  const versionDir = path.join(target, FIRST_VERSION);
  const files = options.from
    ? await copiedFiles(options, id)
    : scaffoldFiles(id).map((f) => ({ ...f, content: Buffer.from(f.content), mode: 0o644 }));
  await applyRenderPlan(planOf(files), versionDir);
  return {
    id,
    dir: versionDir,
    from: options.from ?? null,
    files: files.map((f) => f.path).sort(),
  };
}

interface NewFile {
  path: string;
  content: Buffer;
  mode: number;
}

// Another template's version, under the new id at 1.0.0; its manifest keeps its comments.
async function copiedFiles(options: NewTemplateOptions, id: string): Promise<NewFile[]> {
  const { catalogs } = await catalogsFor({ cwd: options.cwd, flags: options.catalogs ?? [] });
  const source = await resolveTemplate(catalogs, parseTemplateRef(options.from!));
  const manifest = readFileSync(path.join(source.dir, 'template.yaml'), 'utf8')
    .replace(/^id:.*$/m, `id: ${id}`)
    .replace(/^version:.*$/m, `version: ${FIRST_VERSION}`);
  const files: NewFile[] = [{ path: 'template.yaml', content: Buffer.from(manifest), mode: 0o644 }];
  for (const file of await readTemplateFiles(source.dir)) {
    if (file.kind !== 'file')
      throw new UserError(
        'MANIFEST',
        `${options.from}: files/${file.path} is a link; templates new copies regular files only`,
        'Start from scratch, or copy the folder yourself.',
      );
    files.push({ path: `files/${file.path}`, content: file.content, mode: file.mode });
  }
  return files;
}

function planOf(files: NewFile[]): RenderPlan {
  const planned: PlannedFile[] = files.map((f) => ({
    path: f.path,
    templatePath: f.path,
    owner: 'seeded',
    kind: 'file',
    content: f.content,
    mode: f.mode,
    sha256: '',
  }));
  return {
    template: { catalog: '', id: '', version: '' },
    answers: {},
    files: planned,
    skipped: [],
  };
}
