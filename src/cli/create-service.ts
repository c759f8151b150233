import { Command, Option } from 'commander';
import { CLI_VERSION } from '../version.js';
import { runCli } from './exit.js';
import { addHelpExamples } from './help-examples.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('create-service')
  .description(
    'Scaffold a service from a versioned template that already wires CI, observability and secrets.',
  )
  .version(CLI_VERSION, '-v, --version')
  .argument('[directory]', 'where to create the service (default: the name answer)')
  .option('-t, --template <id[@range]>', 'template, latest version unless a range is given')
  .option('-s, --set <key=value>', 'an answer (repeatable)', collect)
  .option('-a, --answers <file>', 'answers from a JSON or YAML file')
  .option('-y, --yes', 'use defaults for everything not given; never prompt')
  .option('--dry-run', 'print the plan, write nothing')
  .option('--force', 'allow a non-empty directory; never overwrites, lists clashes instead')
  .option('--no-git', 'skip git init and the first commit')
  .option('--no-install', 'skip the dependency install')
  .option(
    '--catalog <source>',
    'a catalog to search first: builtin, a folder, or git+<url> (repeatable)',
    collect,
  )
  .addOption(new Option('--json', 'one JSON document on stdout, logs on stderr'))
  .option('--no-telemetry', 'record no usage event for this run')
  .showHelpAfterError(false)
  .action(async (directory: string | undefined, options: Record<string, unknown>) => {
    const { runCreate } = await import('./commands/create.js');
    await runCreate(directory, options);
  });

addHelpExamples(program);
// No top-level await: this bin is bundled as CommonJS (scripts/build.mjs).
void runCli(program);
