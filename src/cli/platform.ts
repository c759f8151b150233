import { Command } from 'commander';
import { CLI_VERSION } from '../version.js';
import { runCli } from './exit.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('platform')
  .description('Keep services on the paved road: templates, drift checks, upgrades.')
  .version(CLI_VERSION, '-v, --version')
  .option('--no-telemetry', 'record no usage event for this run');

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
  .option('--format <format>', 'text, json or markdown', 'text')
  .option('--since <date>', 'only events from this date on (2026-01-31, or 30d)')
  .action(async (files: string[], options: { json?: boolean; format?: string; since?: string }) => {
    const { runInsights } = await import('./commands/insights.js');
    await runInsights(files, options);
  });

await runCli(program);
