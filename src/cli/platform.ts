import { runCli } from './exit.js';
import { addHelpExamples } from './help-examples.js';
import { addCheckCommand, catalogOption, collect, platformProgram } from './platform-program.js';

const program = platformProgram();

const templates = program.command('templates').description('browse and author templates');
templates
  .command('list')
  .description('list the templates in the catalogs')
  .option('--catalog <source>', 'a catalog to search first (repeatable)', collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (options: { catalog?: string[]; json?: boolean }) => {
    const { runTemplatesList } = await import('./commands/templates.js');
    await runTemplatesList(options);
  });
templates
  .command('show')
  .argument('<id[@range]>', 'template id, optionally with a version range')
  .description('show one template: versions, parameters, files and checks')
  .option('--catalog <source>', 'a catalog to search first (repeatable)', collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (ref: string, options: { catalog?: string[]; json?: boolean }) => {
    const { runTemplatesShow } = await import('./commands/templates.js');
    await runTemplatesShow(ref, options);
  });

templates
  .command('new')
  .argument(
    '<dir>',
    "the template's folder (<dir>/1.0.0), or with --id the catalog (<dir>/<id>/1.0.0)",
  )
  .description('scaffold a new template that passes validate and test, or copy an existing one')
  .option('--id <id>', "the template id, written into <dir>/<id> (default: <dir>'s own name)")
  .option('--from <id[@range]>', 'start from an existing template version')
  .option('--catalog <source>', 'a catalog to search first for --from (repeatable)', collect)
  .option('--json', 'one JSON document on stdout')
  .action(
    async (
      dir: string,
      options: { id?: string; from?: string; catalog?: string[]; json?: boolean },
    ) => {
      const { runTemplatesNew } = await import('./commands/templates.js');
      await runTemplatesNew(dir, options);
    },
  );

templates
  .command('validate')
  .argument('<dir>', 'a template version folder: template.yaml and files/')
  .description('check a template: its manifest, declared variables and safe paths')
  .option('--json', 'one JSON document on stdout')
  .action(async (dir: string, options: { json?: boolean }) => {
    const { runTemplatesValidate } = await import('./commands/templates.js');
    await runTemplatesValidate(dir, options);
  });

templates
  .command('test')
  .argument('<dir>', 'a template version folder inside a catalog: <catalog>/<id>/<version>')
  .description(
    'render the defaults and every enum and boolean choice, check each render, and upgrade from the previous version',
  )
  .option('-s, --set <key=value>', 'an answer fixed in every render (repeatable)', collect)
  .option('--run', "also run each render's own install, test and build")
  .option('--json', 'one JSON document on stdout, with a result per combination')
  .action(async (dir: string, options: { set?: string[]; run?: boolean; json?: boolean }) => {
    const { runTemplatesTest } = await import('./commands/templates.js');
    await runTemplatesTest(dir, options);
  });

program
  .command('doctor')
  .argument('[path]', 'the service repo (default: the current folder)')
  .description('explain whether a service is on the paved road, grouped by category')
  .option('--fix', 'restore managed files from the template, then check again')
  .option('--dry-run', 'with --fix: show the fixes, write nothing')
  .option(
    '--allow-dirty',
    'with --fix: replace files with uncommitted changes (their diff is saved as a patch)',
  )
  .option('--only <rule>', 'check only this rule (repeatable)', collect)
  .option('--skip <rule>', 'leave this rule out (repeatable)', collect)
  .option(...catalogOption, collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (target: string | undefined, options: Record<string, unknown>) => {
    const { runDoctor } = await import('./commands/doctor.js');
    await runDoctor(target, options);
  });

addCheckCommand(program);

program
  .command('report')
  .argument('<reports...>', 'the JSON reports of the shards of one sweep')
  .description('merge the shards of a check --fleet or upgrade --fleet sweep into one report')
  .option('--format <format>', 'text|json|sarif|github|gitlab|junit|markdown', 'text')
  .option('--output <file>', 'write the report to a file instead of stdout')
  .option('--json', 'same as --format json')
  .action(async (reports: string[], options: Record<string, unknown>) => {
    const { runReport } = await import('./commands/report.js');
    await runReport(reports, options);
  });

program
  .command('diff')
  .argument('[path]', 'the service repo (default: the current folder)')
  .description('unified diff of the managed and merged files against the paved road')
  .option('--exit-code', 'exit 1 when there are differences, like git diff')
  .option(...catalogOption, collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (target: string | undefined, options: Record<string, unknown>) => {
    const { runDiff } = await import('./commands/diff.js');
    await runDiff(target, options);
  });

program
  .command('adopt')
  .argument('[path]', 'the repo to link (default: the current folder)')
  .description('link a repo that was not scaffolded to a template; never overwrites a file')
  .requiredOption('-t, --template <id[@version]>', 'the template to adopt')
  .option('-s, --set <key=value>', 'an answer (repeatable); others are inferred', collect)
  .option(...catalogOption, collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (target: string | undefined, options: { template: string }) => {
    const { runAdopt } = await import('./commands/adopt.js');
    await runAdopt(target, options);
  });

program
  .command('config')
  .description('inspect the configuration')
  .command('print')
  .description('the resolved configuration and where each value came from')
  .option('--json', 'one JSON document on stdout')
  .action(async (options: { json?: boolean }) => {
    const { runConfigPrint } = await import('./commands/config.js');
    await runConfigPrint(options);
  });

const telemetry = program
  .command('telemetry')
  .description('opt-in usage events: see or change whether they are recorded');
for (const action of ['status', 'enable', 'disable'] as const)
  telemetry
    .command(action)
    .description(
      {
        status: 'show whether usage events are recorded, and what decided it',
        enable: 'opt in to anonymous usage events',
        disable: 'opt out, and delete the anonymous ids and unsent events',
      }[action],
    )
    .option('--json', 'one JSON document on stdout')
    .action(async (options: { json?: boolean }) => {
      const { runTelemetry } = await import('./commands/telemetry.js');
      await runTelemetry(action, { ...options, ...program.opts<{ telemetry?: boolean }>() });
    });

program
  .command('insights')
  .argument('<files...>', 'event JSONL: the spool, a collector export, or OTLP JSON lines')
  .description('adoption, version spread, drift, waivers and time to first green, from events')
  .option('--json', 'one JSON document on stdout (same as --format json)')
  .option('--format <format>', 'text, json, markdown or html (one self-contained page)', 'text')
  .option('--output <file>', 'write the report to a file instead of stdout')
  .option('--since <date>', 'only events from this date on (2026-01-31, or 30d)')
  .action(async (files: string[], options: Record<string, string | boolean | undefined>) => {
    const { runInsights } = await import('./commands/insights.js');
    await runInsights(files, options);
  });

program
  .command('upgrade')
  .argument('[path]', 'the service folder', '.')
  .description('move a service to a newer template version, 3-way, without losing local work')
  .option('--to <version>', 'the target version (default: the latest)')
  .option('--dry-run', 'print the plan per file, write nothing')
  .option('--exit-code', 'with --dry-run: exit 1 when the plan predicts a conflict, like git diff')
  .option('--allow-dirty', 'run on a worktree with uncommitted changes')
  .option('--commit', 'commit the result, naming from → to (not when conflicts are left)')
  .option('--check', 'exit 1 when an upgrade exists, 0 when current')
  .option('--fleet <dir>', 'every git repo below <dir>: plan, or with --apply roll out on a branch')
  .option('--repos <file>', 'like --fleet, for clone URLs listed one a line (cloned shallowly)')
  .option('--apply', 'with --fleet/--repos: commit each upgrade on its rollout branch')
  .option('--push', 'with --apply: push the branch and open or update its merge request')
  .option('--branch <name>', 'the rollout branch (default: platform/upgrade-<id>-<version>)')
  .option('--on-conflict <mode>', 'skip (default) or push the conflict markers, labelled')
  .option('--forge <forge>', 'github|gitlab|none (default: from the remote host)')
  .option('--workdir <dir>', 'where --repos clones go (default: the cache folder)')
  .option('--shard <i/n>', 'only this part of the fleet, for a CI matrix')
  .option('--concurrency <n>', 'repos upgraded at once')
  .option('-s, --set <key=value>', 'an answer for a new or changed parameter (repeatable)', collect)
  .option('-y, --yes', 'defaults for new parameters; never prompt')
  .option('--catalog <source>', 'a catalog to search first (repeatable)', collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (target: string, options: Record<string, unknown>) => {
    const { runUpgrade } = await import('./commands/upgrade.js');
    const fleet = options.fleet !== undefined || options.repos !== undefined;
    await runUpgrade(fleet && target === '.' ? undefined : target, options);
  });

addHelpExamples(program);
await runCli(program);
