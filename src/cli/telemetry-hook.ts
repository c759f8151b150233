import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debugLine, type CommandRun, type OpenGate } from './telemetry-gate.js';
import { lastLoadedConfig } from '../config/loaded-config.js';
import { readCommandEvent } from '../telemetry/command-event.js';
import { writeConsent } from '../telemetry/consent-store.js';
import type * as Recorder from '../telemetry/record-event.js';
import { decideTelemetry } from '../telemetry/telemetry-decision.js';
import type { Outcome } from '../telemetry/tracked-commands.js';
import { CLI_VERSION } from '../version.js';

const OUTCOME_BY_EXIT: Record<number, Outcome> = {
  0: 'success',
  1: 'problems',
  2: 'usage-error',
  3: 'internal-error',
  130: 'interrupted',
};

/**
 * Records the run's usage event, after the command has printed everything and only when
 * `telemetryGate` let it through. It never throws and never waits on the network: the event goes
 * to the spool, and a detached sender posts it.
 */
export async function recordCommandRun(run: CommandRun, gate: OpenGate): Promise<void> {
  try {
    await record(run, gate, process.env);
  } catch {
    // Telemetry must never change a command's outcome.
  }
}

async function record(run: CommandRun, gate: OpenGate, env: NodeJS.ProcessEnv): Promise<void> {
  const { name, debug, mayAsk } = gate;
  let { consent } = gate;
  const { projectDir = process.cwd(), props, skip } = readCommandEvent();
  // The config the command itself loaded governs its run; search only if it loaded none.
  const config =
    lastLoadedConfig() ??
    (await (await import('../config/load-config.js')).loadConfig({ cwd: projectDir, env }));
  const decision = decideTelemetry({
    env,
    noTelemetryFlag: false, // the gate has checked it
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
  const recorder = loadRecorder();
  const event = recorder.eventForRun({
    name,
    props: {
      durationMs: Date.now() - run.startedAt,
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
  recorder.spoolEvent(event, {
    env,
    endpoint: config.telemetry.endpoint,
    format: config.telemetry.format ?? 'json',
    senderScript: distFile('telemetry-sender.js'),
  });
}

/**
 * The recording code is bundled as one CommonJS file, `dist/telemetry-recorder.cjs`, and loaded
 * synchronously: an ES module graph loaded with `import()` costs several milliseconds more, and
 * all of telemetry must stay within 15 ms of a command's time.
 */
function loadRecorder(): typeof Recorder {
  return createRequire(import.meta.url)(distFile('telemetry-recorder.cjs')) as typeof Recorder;
}

// The bundle puts this code in dist/ or dist/chunks/; the files it looks for are in dist/.
function distFile(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, name), path.join(here, '..', name)];
  return candidates.find((file) => existsSync(file)) ?? candidates[1]!;
}

async function askConsent(): Promise<boolean> {
  const { inquirerPrompter } = await import('../adapters/inquirer-prompter.js');
  process.stderr.write(
    '\nThe platform team can learn which templates and checks help, from anonymous usage events:\n' +
      'command, template and version, durations, outcome and rule ids. Never names, paths,\n' +
      'answers or error text. Change your mind any time with `platform telemetry disable`.\n',
  );
  return inquirerPrompter
    .confirm({ message: 'Send anonymous usage events?', default: false })
    .catch(() => false);
}
