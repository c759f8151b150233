import path from 'node:path';
import { initAndCommit, isInsideWorkTree } from '../adapters/git.js';
import {
  detectPackageManager,
  lockfileName,
  type PackageManager,
} from '../adapters/package-manager.js';
import type { Prompter } from '../adapters/prompter.js';
import { collectAnswers, parseSetFlags, readAnswersFile } from '../answers/collect-answers.js';
import type { TemplateSource } from '../catalog/catalog.js';
import type { Catalog } from '../catalog/catalog.js';
import { catalogsFor } from '../catalog/command-catalogs.js';
import { recordedCatalog } from '../catalog/open-catalogs.js';
import {
  parseTemplateRef,
  resolveTemplate,
  type TemplateRef,
} from '../catalog/resolve-template.js';
import { summarizeTemplates } from '../catalog/template-summary.js';
import { UserError, errorMessage } from '../errors.js';
import { applyRenderPlan } from '../render/apply-render-plan.js';
import { assertRenderParses } from '../render/check-render-syntax.js';
import { checkTarget } from '../render/check-target.js';
import { planRender, type RenderPlan } from '../render/plan-render.js';
import { currentCli, formatCli } from '../render/render-cli.js';
import { readTemplateFiles } from '../render/template-files.js';
import { assertDeclaredVariables } from '../render/validate-template.js';
import { STATE_FILE, serializeState, stateFromPlan } from '../state/service-state.js';
import { installStep, nodeMismatch, type NodeMismatch } from './install-step.js';

export interface CreateOptions {
  cwd: string;
  directory?: string;
  template?: string;
  set?: string[];
  answers?: string;
  dryRun?: boolean;
  force?: boolean;
  git?: boolean;
  install?: boolean;
  catalogs?: string[];
  /** Present only when prompting is allowed: a TTY, not CI, no `--yes`. */
  prompter?: Prompter;
  env?: NodeJS.ProcessEnv;
  cliVersion: string;
  progress?: Progress;
}

/** How the CLI shows long steps; the create flow never prints by itself. */
export interface Progress {
  start(label: string): {
    update(text: string): void;
    succeed(text?: string): void;
    fail(text?: string): void;
  };
}

export interface CreateResult {
  directory: string;
  template: RenderPlan['template'];
  catalogKind: TemplateSource['catalogKind'];
  plan: RenderPlan;
  dryRun: boolean;
  git: 'initialized' | 'skipped' | 'inside-existing-repo' | 'failed';
  install: 'done' | 'skipped' | 'failed' | 'not-needed';
  packageManager: PackageManager;
  /** The CLI that rendered, `<package>@<version>`: the one the render's CI runs. */
  cli: string;
  /** Set when the render needs a Node.js the running one does not satisfy. */
  node?: NodeMismatch | undefined;
  /** The lockfile the service should commit (the install's), when it has a package.json. */
  lockfile?: string;
  warnings: string[];
  durationMs: number;
}

/** Scaffolds a service: every input is checked and the render planned before the first write. */
export async function createService(options: CreateOptions): Promise<CreateResult> {
  const started = Date.now();
  const { cwd, env = process.env, prompter } = options;
  const set = parseSetFlags(options.set ?? []);
  const ref = options.template ? parseTemplateRef(options.template) : undefined;
  const answersFile = options.answers ? await readAnswersFile(cwd, options.answers) : undefined;

  const { catalogs, config } = await catalogsFor({ cwd, flags: options.catalogs ?? [], env });
  const cli = currentCli(config.cliPackage, options.cliVersion);
  const template = await resolveTemplate(catalogs, ref ?? (await pickTemplate(catalogs, prompter)));
  const files = await readTemplateFiles(template.dir);
  assertDeclaredVariables(template.manifest, files);
  const answers = await collectAnswers(template.manifest.parameters, {
    file: answersFile,
    set,
    prompter,
    // `create-service pay-svc` means the service is probably called pay-svc.
    ...(options.directory && {
      suggested: { name: path.basename(path.resolve(cwd, options.directory)) },
    }),
  });
  const directory = await chooseDirectory(options.directory, answers, prompter);
  const target = path.resolve(cwd, directory);
  const catalog = recordedCatalog(template, target);
  const plan = planRender({ manifest: template.manifest, catalog, files, answers, cli });
  await assertRenderParses(plan.files, { manifest: template.manifest, files });
  await checkTarget(target, [...plan.files.map((f) => f.path), STATE_FILE], options.force ?? false);

  const result: CreateResult = {
    directory: target,
    template: plan.template,
    catalogKind: template.catalogKind,
    plan,
    dryRun: options.dryRun ?? false,
    git: 'skipped',
    install: 'skipped',
    packageManager: detectPackageManager(env),
    cli: formatCli(cli),
    warnings: [],
    durationMs: 0,
  };
  // Said once at the end, instead of npm's EBADENGINE warning per package.
  const packageJson = plan.files.find((f) => f.path === 'package.json')?.content.toString();
  result.node = nodeMismatch(packageJson, process.versions.node);
  if (result.dryRun) return finish(result, started);

  const state = stateFromPlan(plan, formatCli(cli), new Date());
  const spinner = options.progress?.start(`Rendering ${plan.files.length} files`);
  await applyRenderPlan(plan, target, {
    extra: [{ path: STATE_FILE, content: serializeState(state) }],
    onProgress: (done, total) => spinner?.update(`Rendering ${done}/${total} files`),
  });
  spinner?.succeed(`Rendered ${plan.files.length} files into ${path.relative(cwd, target) || '.'}`);

  if (plan.files.some((f) => f.path === 'package.json'))
    result.lockfile = lockfileName(result.packageManager);
  // Install first, so the lockfile it writes is part of the first commit: `npm ci`, CI caches
  // and the Dockerfile all need it from the first push on.
  if (options.install !== false) await installStep(result, cwd, options.progress);
  if (options.git !== false) await initGit(result, options.progress);
  return finish(result, started);
}

function finish(result: CreateResult, started: number): CreateResult {
  result.durationMs = Date.now() - started;
  return result;
}

async function pickTemplate(catalogs: Catalog[], prompter?: Prompter): Promise<TemplateRef> {
  // A template none of whose versions can be read is not offered.
  const summaries = (await summarizeTemplates(catalogs)).filter((s) => s.versions.length > 0);
  if (!prompter)
    throw new UserError(
      'USAGE',
      'No template given',
      `Pass --template <id>; available: ${summaries.map((s) => s.id).join(', ') || 'none'}.`,
    );
  const id = await prompter.select({
    message: 'Which template?',
    choices: summaries.map((s) => ({
      name: `${s.name} (${s.id}@${s.latest})`,
      value: s.id,
      description: s.description,
    })),
  });
  return { id };
}

async function chooseDirectory(
  given: string | undefined,
  answers: Record<string, unknown>,
  prompter?: Prompter,
): Promise<string> {
  if (given) return given;
  const fallback = typeof answers.name === 'string' ? answers.name : undefined;
  if (prompter)
    return prompter.input({
      message: 'Directory',
      ...(fallback && { default: fallback }),
      validate: (v) => (v.trim() ? true : 'Enter a directory name'),
    });
  if (fallback) return fallback;
  throw new UserError(
    'USAGE',
    'No directory given',
    'Pass the directory to create, e.g. `create-service my-service`.',
  );
}

async function initGit(result: CreateResult, progress?: Progress) {
  // git is optional here: when it cannot even run, the init below fails into a warning.
  if (await isInsideWorkTree(path.dirname(result.directory)).catch(() => false)) {
    result.git = 'inside-existing-repo';
    return;
  }
  const spinner = progress?.start('Initializing git');
  try {
    await initAndCommit(
      result.directory,
      `Scaffold ${result.template.id}@${result.template.version} with create-service`,
    );
    result.git = 'initialized';
    spinner?.succeed('Initialized git with a first commit');
  } catch (error) {
    result.git = 'failed';
    const reason = errorMessage(error).split('\n').filter(Boolean).at(-1) ?? 'unknown error';
    result.warnings.push(
      `git init or the first commit failed: ${reason}. Run \`git init && git add -A && git commit\` yourself.`,
    );
    spinner?.fail('git init failed');
  }
}
