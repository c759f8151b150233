import path from 'node:path';
import * as semver from '../../catalog/semver.js';
import { createService, type CreateResult } from '../../create/create-service.js';
import { STATE_FILE } from '../../state/service-state.js';
import { setEventProject, setEventProps, skipUsageEvent } from '../../telemetry/command-event.js';
import { CLI_VERSION } from '../../version.js';
import { canPrompt } from '../can-prompt.js';
import { createOutput, type Output } from '../output.js';
import { createProgress } from '../progress.js';

interface CreateFlags {
  template?: string;
  set?: string[];
  answers?: string;
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  git?: boolean;
  install?: boolean;
  catalog?: string[];
  json?: boolean;
}

/** `create-service [directory]`: prompts only on a terminal, outside CI, without --yes/--json. */
export async function runCreate(directory: string | undefined, flags: CreateFlags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const interactive = canPrompt(flags);
  const result = await createService({
    cwd: process.cwd(),
    ...(directory !== undefined && { directory }),
    ...(flags.template !== undefined && { template: flags.template }),
    ...(flags.answers !== undefined && { answers: flags.answers }),
    set: flags.set ?? [],
    dryRun: Boolean(flags.dryRun),
    force: Boolean(flags.force),
    git: flags.git !== false,
    install: flags.install !== false,
    catalogs: flags.catalog ?? [],
    // The prompt library loads only when there is someone to ask.
    ...(interactive && {
      prompter: (await import('../../adapters/inquirer-prompter.js')).inquirerPrompter,
    }),
    cliVersion: CLI_VERSION,
    progress: createProgress(output),
  });
  setEventProps({
    template: result.template.id,
    templateVersion: result.template.version,
    catalogKind: result.catalogKind,
    durationMs: result.durationMs,
  });
  if (result.dryRun) skipUsageEvent();
  else setEventProject(result.directory);
  if (output.json) output.document(toDocument(result));
  else printResult(output, result);
}

function toDocument(result: CreateResult): Record<string, unknown> {
  return {
    command: 'create',
    dryRun: result.dryRun,
    directory: result.directory,
    template: result.template,
    catalogKind: result.catalogKind,
    answers: result.plan.answers,
    files: result.plan.files.map((f) => ({
      path: f.path,
      owner: f.owner,
      bytes: f.content.length,
      sha256: f.sha256,
    })),
    skipped: result.plan.skipped,
    git: result.git,
    install: result.install,
    ...(result.node && { node: result.node }),
    ...(result.lockfile && { lockfile: result.lockfile }),
    warnings: result.warnings,
    durationMs: result.durationMs,
  };
}

function printResult(output: Output, result: CreateResult): void {
  const { out } = output;
  const where = path.relative(process.cwd(), result.directory) || '.';
  const { id, version, catalog } = result.template;
  if (result.dryRun) {
    output.print(`Plan for ${out.bold(where)} from ${out.cyan(`${id}@${version}`)} (${catalog}):`);
    const width = Math.max(...result.plan.files.map((f) => f.path.length), STATE_FILE.length);
    for (const f of result.plan.files)
      output.print(
        `  ${out.dim(f.owner.padEnd(7))}  ${f.path.padEnd(width)}  ${out.dim(formatBytes(f.content.length))}`,
      );
    output.print(`  ${out.dim('state'.padEnd(7))}  ${STATE_FILE}`);
    for (const skipped of result.plan.skipped)
      output.print(`  ${out.dim('skip'.padEnd(7))}  ${out.dim(skipped)} (when:)`);
    output.print(`\nDry run: nothing was written.`);
    return;
  }
  for (const warning of result.warnings) output.warn(warning);
  if (result.git === 'inside-existing-repo')
    output.log(out.dim('Skipped git init: the folder is inside an existing git repository.'));
  output.print();
  output.print(
    `${out.green('✔')} ${out.bold(`${id}@${version}`)} is ready in ${out.bold(where)} after ${(result.durationMs / 1000).toFixed(1)}s. Next steps:`,
  );
  const pm = result.packageManager;
  const rendered = (file: string) => result.plan.files.find((f) => f.path === file);
  const scripts = packageScripts(rendered('package.json')?.content.toString('utf8'));
  const steps = [`cd ${where}`, ...lockfileSteps(result)];
  // Steps that work as printed: the env file the service refuses to start without, then its
  // dev script (which builds first) where it has one.
  if (rendered('.env.example')) steps.push('cp .env.example .env   # then fill in the secrets');
  if (scripts.test) steps.push(`${pm} test`);
  if (scripts.dev) steps.push(`${pm} run dev`);
  else if (scripts.start)
    steps.push(scripts.build ? `${pm} run build && ${pm} start` : `${pm} start`);
  steps.push(`npx -p ${result.cli} platform doctor   # stays on the paved road`);
  for (const step of steps) output.print(`  ${out.cyan(step)}`);
  if (result.node) {
    const { required, current } = result.node;
    output.print();
    output.print(
      `${out.yellow('!')} This service needs Node.js ${required} (engines.node), and you are running ${current}.`,
    );
    output.print(
      `  Switch before \`${pm} test\`, for example with ${out.cyan(`nvm install ${nodeMajor(required)}`)}.`,
    );
  }
}

function packageScripts(text: string | undefined): Record<string, unknown> {
  try {
    return (JSON.parse(text ?? '{}') as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    return {};
  }
}

// The major to install for a range such as `>=24`: the lowest it allows.
function nodeMajor(range: string): string {
  return semver.minVersion(range)?.major.toString() ?? range;
}

/** Without an install the lockfile is missing: make it, and commit it when git was set up. */
function lockfileSteps(result: CreateResult): string[] {
  if (result.install === 'done' || result.install === 'not-needed') return [];
  // With --no-install nothing looked for a package.json; a render without one installs nothing.
  if (!result.plan.files.some((f) => f.path === 'package.json')) return [];
  const install = `${result.packageManager} install`;
  if (!result.lockfile || result.git !== 'initialized') return [install];
  return [
    `${install} && git add ${result.lockfile} && git commit -m "Add the lockfile"   # CI's npm ci needs it`,
  ];
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}
