import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isInsideWorkTree } from '../adapters/git.js';
import { validateAnswer } from '../answers/answers-schema.js';
import { collectAnswers, parseSetFlags } from '../answers/collect-answers.js';
import type { Parameter } from '../catalog/manifest.js';
import { catalogSearchOrder, openCatalogs, recordedCatalog } from '../catalog/open-catalogs.js';
import { parseTemplateRef, resolveTemplate } from '../catalog/resolve-template.js';
import { loadConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { planRender, type Answers, type TemplateRecord } from '../render/plan-render.js';
import { currentCli, formatCli } from '../render/render-cli.js';
import { readTemplateFiles } from '../render/template-files.js';
import {
  STATE_FILE,
  readServiceState,
  stateFromPlan,
  writeServiceState,
} from '../state/service-state.js';
import { checkRepo, type RepoReport } from './check-repo.js';

export interface AdoptOptions {
  root: string;
  cwd?: string;
  /** `id[@range]`. */
  template: string;
  set?: string[];
  catalogs?: string[];
  env?: NodeJS.ProcessEnv;
  now?: Date;
  cliVersion: string;
}

export interface AdoptResult {
  root: string;
  template: TemplateRecord;
  answers: Answers;
  /** Answer name to where its value was inferred from. */
  inferred: Record<string, string>;
  stateFile: string;
  report: RepoReport;
}

/** Links a repo that was never scaffolded: writes only the state file, then reports the drift. */
export async function adoptRepo(options: AdoptOptions): Promise<AdoptResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.root);
  const env = options.env ?? process.env;
  const ref = parseTemplateRef(options.template);
  const set = parseSetFlags(options.set ?? []);
  if (!(await isInsideWorkTree(root).catch(() => false)))
    throw new UserError(
      'PRECONDITION',
      `${root} is not a git repository`,
      'Adopt works on a git repo: run `git init` and commit first.',
    );
  if (await readServiceState(root))
    throw new UserError(
      'PRECONDITION',
      `${STATE_FILE} already exists: this repo is already on the paved road`,
      'Use `platform upgrade` to move to another version, or `platform doctor` to see its drift.',
    );
  const config = await loadConfig({ cwd: root, env });
  const catalogs = openCatalogs(catalogSearchOrder(options.catalogs ?? [], cwd, config.catalogs), {
    env,
  });
  const source = await resolveTemplate(catalogs, ref);
  const { values, inferred } = await inferAnswers(source.manifest.parameters, root, set);
  const answers = await collectAnswers(source.manifest.parameters, { file: values, set });
  const cli = currentCli(config.cliPackage, options.cliVersion);
  const plan = planRender({
    manifest: source.manifest,
    catalog: recordedCatalog(source, root),
    files: await readTemplateFiles(source.dir),
    answers,
    cli,
  });
  await writeServiceState(root, stateFromPlan(plan, formatCli(cli), options.now ?? new Date()));
  const { report } = await checkRepo({
    root,
    cwd,
    catalogs: options.catalogs ?? [],
    config,
    env,
    ...(options.now && { now: options.now }),
  });
  return { root, template: plan.template, answers, inferred, stateFile: STATE_FILE, report };
}

/**
 * Answers the repo already tells us: the name from package.json (scope dropped), then
 * catalog-info.yaml, then the folder; the description from package.json; the port from the
 * Dockerfile's EXPOSE. A guess that fails validation is dropped, never reported as the user's.
 */
export async function inferAnswers(
  parameters: Parameter[],
  root: string,
  given: Record<string, string>,
): Promise<{ values: Record<string, unknown>; inferred: Record<string, string> }> {
  const pkg = await readJson(path.join(root, 'package.json'));
  const catalogInfo = await readText(path.join(root, 'catalog-info.yaml'));
  const dockerfile = await readText(path.join(root, 'Dockerfile'));
  const candidates: Record<string, [unknown, string][]> = {
    name: [
      [
        typeof pkg?.name === 'string' ? pkg.name.replace(/^@[^/]+\//, '') : undefined,
        'package.json',
      ],
      [/^\s+name:\s*["']?([\w.-]+)/m.exec(catalogInfo ?? '')?.[1], 'catalog-info.yaml'],
      [path.basename(root).toLowerCase(), 'the folder name'],
    ],
    description: [[pkg?.description, 'package.json']],
    port: [[/^EXPOSE\s+(\d+)/m.exec(dockerfile ?? '')?.[1], 'Dockerfile']],
  };
  const values: Record<string, unknown> = {};
  const inferred: Record<string, string> = {};
  for (const parameter of parameters) {
    if (parameter.name in given) continue;
    for (const [value, from] of candidates[parameter.name] ?? []) {
      if (value === undefined || value === null || value === '') continue;
      const result = validateAnswer(parameter, value);
      if ('error' in result) continue;
      values[parameter.name] = result.value;
      inferred[parameter.name] = from;
      break;
    }
  }
  return { values, inferred };
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  const text = await readText(file);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
