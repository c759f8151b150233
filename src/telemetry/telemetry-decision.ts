import type { ConsentRecord } from './consent-store.js';

/** What decided whether usage events are recorded, highest precedence first. */
export type DecisionSource = 'env' | 'flag' | 'config' | 'user' | 'default';

export interface TelemetryDecision {
  enabled: boolean;
  source: DecisionSource;
  /** One human sentence: which variable, flag, file or record decided. */
  reason: string;
}

export interface DecisionInput {
  env: NodeJS.ProcessEnv;
  /** `--no-telemetry` was given. */
  noTelemetryFlag: boolean;
  /** `telemetry.enabled` from the resolved config, and the file that set it. */
  config?: { enabled?: boolean; file?: string };
  /** The user's stored answer, or null when they never answered the current consent version. */
  consent: ConsentRecord | null;
}

const DISABLING_VARIABLES = ['DO_NOT_TRACK', 'PLATFORM_TELEMETRY_DISABLED'] as const;

/** True for `1`, `true`, `yes` and any other non-empty value that is not `0`/`false`/`no`. */
export function isSet(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no';
}

/** The variable that turns telemetry off from the environment, if any. */
export function disablingVariable(env: NodeJS.ProcessEnv): string | undefined {
  return DISABLING_VARIABLES.find((name) => isSet(env[name]));
}

/**
 * The precedence of PRODUCT.md: DO_NOT_TRACK / PLATFORM_TELEMETRY_DISABLED, then
 * `--no-telemetry`, then config `telemetry.enabled: false`, then the user's stored consent, then
 * off. `telemetry.enabled: true` in a config does not consent for anyone: only a person can.
 */
export function decideTelemetry(input: DecisionInput): TelemetryDecision {
  const variable = disablingVariable(input.env);
  if (variable)
    return { enabled: false, source: 'env', reason: `${variable}=${input.env[variable]} is set` };
  if (input.noTelemetryFlag)
    return { enabled: false, source: 'flag', reason: '--no-telemetry was given' };
  if (input.config?.enabled === false)
    return {
      enabled: false,
      source: 'config',
      reason: `telemetry.enabled is false in ${input.config.file ?? 'the configuration'}`,
    };
  if (input.consent)
    return {
      enabled: input.consent.enabled,
      source: 'user',
      reason: `you ${input.consent.enabled ? 'opted in' : 'opted out'} on ${input.consent.decidedAt.slice(0, 10)}`,
    };
  return { enabled: false, source: 'default', reason: 'nobody opted in' };
}
