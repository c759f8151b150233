import { canPrompt } from './can-prompt.js';
import { readConsent, type ConsentRecord } from '../telemetry/consent-store.js';
import { decideTelemetry, isSet } from '../telemetry/telemetry-decision.js';
import { eventNameFor, type TrackedCommand } from '../telemetry/tracked-commands.js';

/** How a command's run ended, as the CLI layer saw it. */
export interface CommandRun {
  argv: string[];
  command: TrackedCommand | undefined;
  exitCode: number;
  errorCode?: string;
  startedAt: number;
  json: boolean;
}

/** A run that may record an event: what the cheap checks found. */
export interface OpenGate {
  name: ReturnType<typeof eventNameFor> | 'error';
  consent: ConsentRecord | null;
  /** Nobody answered yet and this run may ask. */
  mayAsk: boolean;
  debug: boolean;
}

/**
 * The checks every run makes, in this module because it is loaded with the CLI: the environment,
 * `--no-telemetry` and the user's stored answer. Only a run that passes them loads the rest of
 * telemetry (`telemetry-hook.ts`); with telemetry off, which is the default, a command pays for
 * one small file read. Never throws.
 */
export function telemetryGate(run: CommandRun, env: NodeJS.ProcessEnv): OpenGate | null {
  try {
    return gate(run, env);
  } catch {
    return null;
  }
}

function gate(run: CommandRun, env: NodeJS.ProcessEnv): OpenGate | null {
  if (!run.command) return null;
  const debug = isSet(env.PLATFORM_TELEMETRY_DEBUG);
  const name = run.exitCode >= 2 ? 'error' : eventNameFor(run.command);
  const consent = readConsent(env);
  const decision = decideTelemetry({
    env,
    noTelemetryFlag: run.argv.includes('--no-telemetry'),
    consent,
  });
  const mayAsk =
    decision.source === 'default' &&
    run.exitCode === 0 &&
    run.command !== 'telemetry' &&
    interactive(run, env);
  if (!decision.enabled && !mayAsk) {
    if (debug) debugLine(`off (${decision.source}: ${decision.reason}); nothing recorded`);
    return null;
  }
  if (!name && !mayAsk) return null;
  return { name, consent, mayAsk, debug };
}

function interactive(run: CommandRun, env: NodeJS.ProcessEnv): boolean {
  // `--yes` promises no prompt at all, so it also skips this one.
  const yes = run.argv.includes('--yes') || run.argv.includes('-y');
  return canPrompt({ yes, json: run.json }, env);
}

export function debugLine(text: string): void {
  process.stderr.write(`[telemetry] ${text}\n`);
}
