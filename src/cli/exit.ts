import { CommanderError, type Command } from 'commander';
import { onConfigWarning } from '../config/loaded-config.js';
import { InterruptedError, UserError, errorMessage } from '../errors.js';
import { TRACKED_COMMANDS, type TrackedCommand } from '../telemetry/tracked-commands.js';
import { runInterruptCleanups } from '../interrupt-cleanup.js';
import { userErrorFromSystem } from '../system-error.js';
import { createOutput, type Output } from './output.js';
import { telemetryGate, type CommandRun } from './telemetry-gate.js';
import { recordCommandRun } from './telemetry-hook.js';
import { CLI_BUGS_URL } from '../version.js';

/** The exit codes of PRODUCT.md; changing one is a breaking change. */
export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 3, interrupted: 130 } as const;

/**
 * Runs a commander program and maps whatever it throws to an exit code and a message. This is
 * the only place that decides how the process ends.
 */
export async function runCli(program: Command, argv: string[] = process.argv): Promise<void> {
  const json = wantsJson(argv);
  const out = createOutput({ json });
  installInterruptHandlers(out);
  onConfigWarning((text) => out.warn(text));
  ignoreClosedOutput();
  // Subcommands copy these settings only when created, so every command gets them here.
  forEachCommand(program, (command) =>
    command.exitOverride().configureOutput({
      writeErr: (text) => (json ? undefined : process.stderr.write(text)),
      outputError: (text, write) => (json ? undefined : write(out.err.red(text))),
    }),
  );
  // Date.now(), not performance.now(): the global `performance` loads perf_hooks, a dozen modules.
  const startedAt = Date.now();
  let command: TrackedCommand | undefined;
  program.hook('preAction', (_root, action) => {
    command = trackedCommand(action);
  });
  let errorCode: string | undefined;
  try {
    await program.parseAsync(argv);
  } catch (thrown) {
    const error = thrown instanceof UserError ? thrown : (userErrorFromSystem(thrown) ?? thrown);
    process.exitCode = reportError(error, out, program.name());
    // --help and --version are not runs of a command.
    if (error instanceof CommanderError && error.exitCode === 0) return endNow();
    errorCode = codeOf(error);
  }
  const run: CommandRun = {
    argv,
    command: command ?? trackedCommandFromArgv(program, argv),
    exitCode: Number(process.exitCode ?? 0),
    ...(errorCode && { errorCode }),
    startedAt,
    json,
  };
  const gate = telemetryGate(run, process.env);
  if (gate) await recordCommandRun(run, gate);
  endNow();
}

/**
 * Ends the process as soon as its output is out, instead of letting Node free the V8 heap
 * first: that teardown costs a CLI 10 to 30 ms on every run. Only when nothing is queued on
 * stdout or stderr (writes to files, pipes and terminals are synchronous on Linux; elsewhere a
 * pipe may still hold data, and then the process ends naturally).
 */
function endNow(): void {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}

/** Sets exit 1: the command ran and found problems (findings, conflicts, a failed check). */
export function setProblemsFound(found = true): void {
  if (found) process.exitCode = EXIT.problems;
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) forEachCommand(sub, visit);
}

/**
 * A reader that goes away (`platform check | head -c 1`) closes our stdout. That ends our
 * output, not the command: it finishes quietly with its own exit code, and no stack is shown.
 */
function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
}

/** `--json`, or `--format json` (check's JSON report): stdout then holds one JSON document. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.some(
    (arg, i) =>
      arg === '--json' || arg === '--format=json' || (arg === '--format' && argv[i + 1] === 'json'),
  );
}

/** The top-level command a commander action belongs to: `templates list` is `templates`. */
function trackedCommand(action: Command): TrackedCommand | undefined {
  let top = action;
  while (top.parent?.parent) top = top.parent;
  const name = top.parent ? top.name() : top.name() === 'create-service' ? 'create' : top.name();
  return (TRACKED_COMMANDS as readonly string[]).includes(name)
    ? (name as TrackedCommand)
    : undefined;
}

// A usage error stops commander before any action runs; the command is then read from argv.
function trackedCommandFromArgv(program: Command, argv: string[]): TrackedCommand | undefined {
  if (program.name() === 'create-service') return 'create';
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return (TRACKED_COMMANDS as readonly string[]).includes(first ?? '')
    ? (first as TrackedCommand)
    : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (error instanceof CommanderError) return 'USAGE';
  if (error instanceof UserError || error instanceof InterruptedError) return error.code;
  return 'INTERNAL';
}

function reportError(error: unknown, out: Output, bin: string): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return EXIT.ok;
    if (out.json)
      out.error({
        code: 'USAGE',
        message: error.message.replace(/^error: /, ''),
        hint: `Run \`${bin} --help\`.`,
      });
    else process.stderr.write(`Run \`${bin} --help\` for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    out.error({
      code: error.code,
      message: error.message,
      ...(error.hint && { hint: error.hint }),
      details: error.details,
    });
    return EXIT.usage;
  }
  if (error instanceof InterruptedError) {
    out.error({ code: error.code, message: error.message });
    return EXIT.interrupted;
  }
  out.error({
    code: 'INTERNAL',
    message: `Internal error: ${errorMessage(error)}`,
    hint: `This is a bug; please report it with the output above at ${CLI_BUGS_URL}.`,
  });
  if (process.env.PLATFORM_DEBUG && error instanceof Error)
    process.stderr.write(`${error.stack}\n`);
  return EXIT.internal;
}

function installInterruptHandlers(out: Output) {
  const onSignal = () => {
    const [note] = runInterruptCleanups();
    out.error({
      code: 'INTERRUPTED',
      ...(note ?? { message: 'Interrupted; nothing was left half-written.' }),
    });
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
