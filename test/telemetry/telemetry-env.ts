import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isolatedEnv, runBin, type RunResult } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { lastSendFile, SEND_INTERVAL_MS } from '../../src/telemetry/record-event.js';
import { parseSpool } from '../../src/telemetry/spool.js';
import { sendersFor, waitFor } from './servers.js';

export interface TelemetryEnv {
  env: Record<string, string>;
  spoolDir: string;
  consentFile: string;
}

/**
 * An isolated env where telemetry is not switched off by the test runner: `consent` writes the
 * user's stored answer, `config` the user's config file.
 */
export async function telemetryEnv(
  options: {
    consent?: boolean | { consentVersion: number; enabled: boolean };
    config?: Record<string, unknown>;
    extra?: Record<string, string>;
  } = {},
): Promise<TelemetryEnv> {
  const env = await isolatedEnv(options.extra);
  delete env.PLATFORM_TELEMETRY_DISABLED;
  Object.assign(env, options.extra);
  const configDir = path.join(env.XDG_CONFIG_HOME!, 'platform');
  const consentFile = path.join(configDir, 'telemetry.json');
  await mkdir(configDir, { recursive: true });
  if (options.consent !== undefined) {
    const record =
      typeof options.consent === 'boolean'
        ? { consentVersion: 1, enabled: options.consent }
        : options.consent;
    await writeFile(
      consentFile,
      JSON.stringify({ ...record, decidedAt: '2026-01-01T00:00:00.000Z' }),
    );
  }
  if (options.config)
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify(options.config));
  return { env, spoolDir: path.join(env.XDG_STATE_HOME!, 'platform', 'telemetry'), consentFile };
}

/** Scaffolds a small service with the built bin; `name` is the service name answer. */
export async function createRun(
  t: TelemetryEnv,
  { name = 'svc', args = [], cwd }: { name?: string; args?: string[]; cwd?: string } = {},
): Promise<RunResult & { ms: number }> {
  const dir = cwd ?? (await testdir());
  const started = performance.now();
  const result = await runBin(
    'create-service',
    [
      name,
      '-t',
      'node-http-service',
      '--set',
      `name=${name}`,
      '--yes',
      '--no-install',
      '--no-git',
      ...args,
    ],
    { cwd: dir, env: t.env },
  );
  return { ...result, ms: performance.now() - started };
}

/** The events waiting in the spool. */
export function spooled(t: TelemetryEnv): Record<string, unknown>[] {
  const file = path.join(t.spoolDir, 'spool.jsonl');
  if (!existsSync(file)) return [];
  return parseSpool(readFileSync(file, 'utf8')).map(
    (l) => JSON.parse(l) as Record<string, unknown>,
  );
}

/** Waits until no detached sender works on this env's spool; false if one is still alive. */
export function sendersDone(t: TelemetryEnv, timeoutMs = 10_000): Promise<boolean> {
  return waitFor(() => sendersFor(t.spoolDir).length === 0, timeoutMs);
}

/**
 * Dates the last sender start back past the interval, as if a minute had passed at the desk, so
 * the next run starts a sender. Without a marker, a send is due anyway.
 */
export function makeSendDue(t: TelemetryEnv): void {
  const marker = lastSendFile(t.spoolDir);
  const past = (Date.now() - SEND_INTERVAL_MS - 1000) / 1000;
  if (existsSync(marker)) utimesSync(marker, past, past);
}
