import { Command } from 'commander';
import { CLI_VERSION } from '../version.js';
import { runCli } from './exit.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('platform')
  .description('Keep services on the paved road: templates, drift checks, upgrades.')
  .version(CLI_VERSION, '-v, --version');

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

program
  .command('upgrade')
  .argument('[path]', 'the service folder', '.')
  .description('move a service to a newer template version, 3-way, without losing local work')
  .option('--to <version>', 'the target version (default: the latest)')
  .option('--dry-run', 'print the plan per file, write nothing')
  .option('--allow-dirty', 'run on a worktree with uncommitted changes')
  .option('--commit', 'commit the result, naming from → to (not when conflicts are left)')
  .option('--check', 'exit 1 when an upgrade exists, 0 when current')
  .option('--fleet <dir>', 'with --dry-run: summarise the upgrade of every repo under <dir>')
  .option('-s, --set <key=value>', 'an answer for a new or changed parameter (repeatable)', collect)
  .option('-y, --yes', 'defaults for new parameters; never prompt')
  .option('--catalog <source>', 'a catalog to search first (repeatable)', collect)
  .option('--json', 'one JSON document on stdout')
  .action(async (target: string, options: Record<string, unknown>) => {
    const { runUpgrade } = await import('./commands/upgrade.js');
    await runUpgrade(options.fleet !== undefined && target === '.' ? undefined : target, options);
  });

await runCli(program);
