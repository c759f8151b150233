import { setConsent, telemetryStatus } from '../../telemetry/telemetry-status.js';
import { createOutput } from '../output.js';

interface Flags {
  json?: boolean;
  telemetry?: boolean;
}

const SOURCE_LABEL = {
  env: 'the environment',
  flag: 'the --no-telemetry flag',
  config: 'the project configuration',
  user: 'your choice',
  default: 'the default',
} as const;

/** `platform telemetry status|enable|disable`. */
export async function runTelemetry(
  action: 'status' | 'enable' | 'disable',
  flags: Flags,
): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  if (action !== 'status') setConsent(process.env, action === 'enable');
  const status = await telemetryStatus({
    cwd: process.cwd(),
    env: process.env,
    noTelemetryFlag: flags.telemetry === false,
  });
  if (output.json) return output.document({ command: 'telemetry', action, telemetry: status });
  const { out } = output;
  if (action !== 'status')
    output.print(`Saved: you ${action === 'enable' ? 'opted in' : 'opted out'}.`);
  const state = status.enabled ? out.green('enabled') : out.yellow('disabled');
  output.print(
    `Usage events are ${state}, decided by ${SOURCE_LABEL[status.source]}: ${status.reason}.`,
  );
  if (action === 'enable' && !status.enabled)
    output.print(`Your choice is stored, but ${status.reason}, which takes precedence.`);
  output.print(
    `  endpoint  ${status.endpoint ?? out.dim('none: events stay in the local spool')} (${status.format})`,
  );
  output.print(`  spool     ${status.spool.path} (${status.spool.events} waiting)`);
  output.print(`  consent   ${status.consentFile}`);
  if (status.debug)
    output.print('  debug     PLATFORM_TELEMETRY_DEBUG is set: events are printed, never sent');
  // Only an enabled state has something to opt out of; when off, say how to opt in instead.
  const next = status.enabled
    ? 'Opt out: `platform telemetry disable`.'
    : status.source === 'user' || status.source === 'default'
      ? 'Opt in: `platform telemetry enable`.'
      : '';
  output.print(out.dim(`What is collected: docs/telemetry.md.${next ? ` ${next}` : ''}`));
}
