import { canPrompt } from './can-prompt.js';
import { inquirerPrompter } from '../adapters/inquirer-prompter.js';
import { loadConfig } from '../config/load-config.js';
import { readCommandEvent } from '../telemetry/command-event.js';
import { readConsent, writeConsent } from '../telemetry/consent-store.js';
import { eventNameFor, type Outcome, type TrackedCommand } from '../telemetry/event-schemas.js';
import { eventForRun, spoolEvent } from '../telemetry/record-event.js';
import { decideTelemetry, isSet } from '../telemetry/telemetry-decision.js';
import { CLI_VERSION } from '../version.js';

/** How a command's run ended, as the CLI layer saw it. */
export interface CommandRun {
  argv: string[];
  command: TrackedCommand | undefined;
  exitCode: number;
  errorCode?: string;
  startedAt: number;
  json: boolean;
}

const OUTCOME_BY_EXIT: Record<number, Outcome> = {
  0: 'success',
  1: 'problems',
  2: 'usage-error',
  3: 'internal-error',
  130: 'interrupted',
};

/**
 * Records the run's usage event, after the command has printed everything. It never throws and
 * never waits on the network: the event goes to the spool and a detached sender posts it.
 */
export async function recordCommandRun(run: CommandRun): Promise<void> {
  try {
    await record(run, process.env);
  } catch {
    // Telemetry must never change a command's outcome.
  }
}

async function record(run: CommandRun, env: NodeJS.ProcessEnv): Promise<void> {
  if (!run.command) return;
  const debug = isSet(env.PLATFORM_TELEMETRY_DEBUG);
  const name = run.exitCode >= 2 ? 'error' : eventNameFor(run.command);
  const noTelemetryFlag = run.argv.includes('--no-telemetry');
  let consent = readConsent(env);
  const mayAsk =
    consent === null && run.exitCode === 0 && run.command !== 'telemetry' && interactive(run, env);
  // The cheap checks first: without consent (or a chance to ask) no config is even loaded.
  const early = decideTelemetry({ env, noTelemetryFlag, consent });
  if (!early.enabled && !(early.source === 'default' && mayAsk)) {
    if (debug) debugLine(`off (${early.source}: ${early.reason}); nothing recorded`);
    return;
  }
  if (!name && !mayAsk) return;
  const { projectDir = process.cwd(), props, skip } = readCommandEvent();
  const config = await loadConfig({ cwd: projectDir, env });
  const decision = decideTelemetry({
    env,
    noTelemetryFlag,
    consent,
    config: { enabled: config.telemetry.enabled, file: config.origins['telemetry.enabled'] },
  });
  if (decision.source === 'config') {
    if (debug) debugLine(`off (config: ${decision.reason}); nothing recorded`);
    return;
  }
  if (mayAsk) {
    consent = writeConsent(env, await askConsent());
    if (!consent.enabled) return;
  }
  if (!name || !consent || (skip && name !== 'error')) return;
  const event = eventForRun({
    name,
    props: {
      durationMs: Math.round(performance.now() - run.startedAt),
      ...props,
      command: run.command,
      outcome: OUTCOME_BY_EXIT[run.exitCode] ?? 'internal-error',
      ...(name === 'error' && { errorCode: run.errorCode ?? 'INTERNAL' }),
    },
    consent,
    projectDir,
    cliVersion: CLI_VERSION,
    env,
  });
  if (debug) return debugLine(`${JSON.stringify(event)} (debug: not sent)`);
  spoolEvent(event, {
    env,
    endpoint: config.telemetry.endpoint,
    format: config.telemetry.format ?? 'json',
  });
}

function interactive(run: CommandRun, env: NodeJS.ProcessEnv): boolean {
  // `--yes` promises no prompt at all, so it also skips this one.
  const yes = run.argv.includes('--yes') || run.argv.includes('-y');
  return canPrompt({ yes, json: run.json }, env);
}

async function askConsent(): Promise<boolean> {
  process.stderr.write(
    '\nThe platform team can learn which templates and checks help, from anonymous usage events:\n' +
      'command, template and version, durations, outcome and rule ids. Never names, paths,\n' +
      'answers or error text. Change your mind any time with `platform telemetry disable`.\n',
  );
  return inquirerPrompter
    .confirm({ message: 'Send anonymous usage events?', default: false })
    .catch(() => false);
}

function debugLine(text: string): void {
  process.stderr.write(`[telemetry] ${text}\n`);
}
