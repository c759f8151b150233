/**
 * The detached sender's entry point (`dist/telemetry-sender.js`). It is started by the CLI at
 * exit, imports nothing of the user's project, and always ends within a few seconds.
 */
import { sendSpool } from '../telemetry/send-spool.js';

const HARD_LIMIT_MS = 5000;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

setTimeout(() => process.exit(0), HARD_LIMIT_MS).unref();
const spoolDir = argument('spool');
// Given in the environment, never in argv, where any user could read its credentials.
const endpoint = process.env.PLATFORM_TELEMETRY_ENDPOINT;
if (spoolDir && endpoint)
  await sendSpool({
    spoolDir,
    endpoint,
    format: argument('format') === 'otlp' ? 'otlp' : 'json',
  }).catch(() => undefined);
