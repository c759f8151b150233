import { rmSync } from 'node:fs';
import { loadConfig } from '../config/load-config.js';
import { consentFile, readConsent, writeConsent } from './consent-store.js';
import { redactEndpoint } from './redact-endpoint.js';
import { spoolDirFor } from './record-event.js';
import { parseSpool, readSpoolText, spoolPath } from './spool.js';
import { decideTelemetry, type TelemetryDecision } from './telemetry-decision.js';

/** Everything `platform telemetry status` shows. */
export interface TelemetryStatus extends TelemetryDecision {
  /** The endpoint with its credentials shown as `***`: this is for output. */
  endpoint: string | null;
  format: 'json' | 'otlp';
  debug: boolean;
  consentFile: string;
  spool: { path: string; events: number };
}

/** Resolves the state the next command in `cwd` would run with, and what decided it. */
export async function telemetryStatus(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  noTelemetryFlag: boolean;
}): Promise<TelemetryStatus> {
  const { cwd, env, noTelemetryFlag } = options;
  const config = await loadConfig({ cwd, env });
  const decision = decideTelemetry({
    env,
    noTelemetryFlag,
    consent: readConsent(env),
    config: { enabled: config.telemetry.enabled, file: config.origins['telemetry.enabled'] },
  });
  const spool = spoolPath(spoolDirFor(env));
  return {
    ...decision,
    endpoint: config.telemetry.endpoint ? redactEndpoint(config.telemetry.endpoint) : null,
    format: config.telemetry.format ?? 'json',
    debug: Boolean(env.PLATFORM_TELEMETRY_DEBUG && env.PLATFORM_TELEMETRY_DEBUG !== '0'),
    consentFile: consentFile(env),
    spool: { path: spool, events: countSpooled(spool) },
  };
}

function countSpooled(file: string): number {
  try {
    return parseSpool(readSpoolText(file)).length;
  } catch {
    return 0;
  }
}

/** Stores the user's answer. Opting out also deletes the ids and every unsent event. */
export function setConsent(env: NodeJS.ProcessEnv, enabled: boolean): void {
  writeConsent(env, enabled);
  if (!enabled) rmSync(spoolDirFor(env), { recursive: true, force: true });
}
