import { Command } from 'commander';
import { CLI_VERSION } from '../version.js';

/** Commander's collector for a repeatable option: each use adds one value. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The option every command that reads templates takes. */
export const catalogOption = [
  '--catalog <source>',
  'a catalog to search first (repeatable)',
] as const;

/**
 * The `platform` program without its commands: name, version and the global options. Both
 * entries build from it (src/cli/platform.ts, and src/cli/platform-check.ts for `platform
 * check`), so that their `--version`, `--no-telemetry` and usage errors cannot differ.
 */
export function platformProgram(): Command {
  return new Command('platform')
    .description('Keep services on the paved road: templates, drift checks, upgrades.')
    .version(CLI_VERSION, '-v, --version')
    .option('--no-telemetry', 'record no usage event for this run');
}

/** Adds `platform check`: the one definition of its arguments, options and help. */
export function addCheckCommand(program: Command): void {
  program
    .command('check')
    .argument('[paths...]', 'service repos (default: the current folder)')
    .description('the CI view of doctor: formats for CI systems, fleets of repos')
    .option('--format <format>', 'text|json|sarif|github|gitlab|junit|markdown', 'text')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <level>', 'exit 1 on findings at or above: error|warning|never', 'error')
    .option('--fleet <dir>', 'check every git repo below this folder')
    .option('--shard <i/n>', 'with --fleet: only this part of the fleet, for a CI matrix')
    .option('--concurrency <n>', 'repos checked at once in fleet mode')
    .option('--only <rule>', 'check only this rule (repeatable)', collect)
    .option('--skip <rule>', 'leave this rule out (repeatable)', collect)
    .option(...catalogOption, collect)
    .option('--json', 'same as --format json')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runCheck } = await import('./commands/check.js');
      await runCheck(paths, options);
    });
}
