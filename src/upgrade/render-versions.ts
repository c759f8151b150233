import type { TemplateSource } from '../catalog/catalog.js';
import { assertRenderParses } from '../render/check-render-syntax.js';
import { planRender, type Answers, type RenderPlan } from '../render/plan-render.js';
import type { RenderCli } from '../render/render-cli.js';
import { readTemplateFiles, type TemplateFile } from '../render/template-files.js';
import { assertDeclaredVariables } from '../render/validate-template.js';

// A fleet upgrade renders the same template versions for every repo: the template's files are
// read once per process, and a render is reused for repos whose answers are the same (a
// template's defaults, services that differ only in files the template seeds). Renders are
// pure, so sharing one changes nothing; the callers never modify a plan. Bounded: the last
// RENDERS distinct renders are kept, the template files of every version opened.
const RENDERS = 32;
const templateFiles = new Map<string, Promise<TemplateFile[]>>();
const renders = new Map<string, Promise<RenderPlan>>();

/**
 * Renders one version of a template with `answers`; `validate` also refuses undeclared
 * variables and a render that does not parse (only a new render must).
 */
export function renderVersion(
  source: TemplateSource,
  catalog: string,
  answers: Answers,
  cli: RenderCli,
  validate = false,
): Promise<RenderPlan> {
  const key = JSON.stringify([source.dir, catalog, answers, cli, validate]);
  const known = renders.get(key);
  if (known) return known;
  const made = render(source, catalog, answers, cli, validate);
  renders.set(key, made);
  if (renders.size > RENDERS) renders.delete(renders.keys().next().value!);
  return made;
}

async function render(
  source: TemplateSource,
  catalog: string,
  answers: Answers,
  cli: RenderCli,
  validate: boolean,
): Promise<RenderPlan> {
  let files = templateFiles.get(source.dir);
  if (!files) templateFiles.set(source.dir, (files = readTemplateFiles(source.dir)));
  const read = await files;
  if (validate) assertDeclaredVariables(source.manifest, read);
  const plan = planRender({ manifest: source.manifest, catalog, files: read, answers, cli });
  if (validate) await assertRenderParses(plan.files, { manifest: source.manifest, files: read });
  return plan;
}
