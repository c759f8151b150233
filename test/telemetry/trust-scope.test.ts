import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { blackHole, collector, waitFor } from './servers.js';
import { createRun, sendersDone, spooled, telemetryEnv } from './telemetry-env.js';

/** A folder whose repo config names `telemetry`; create-service reads it from its cwd. */
const repoWith = (telemetry: Record<string, unknown>) =>
  testdir({ '.platformrc.json': JSON.stringify({ telemetry }) });

describe('a repo cannot say where usage events go', () => {
  it('sends nothing to an endpoint named in the repo, and warns naming the file and key', async () => {
    const server = await collector();
    const t = await telemetryEnv({ consent: true, extra: { CI: 'true' } });
    const repo = await repoWith({ endpoint: server.url, format: 'otlp', enabled: true });
    const run = await createRun(t, { cwd: repo });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain(`telemetry.endpoint in ${repo}/.platformrc.json is ignored`);
    expect(run.stderr).toContain(`telemetry.format in ${repo}/.platformrc.json is ignored`);
    expect(run.stderr).toContain(`telemetry.enabled in ${repo}/.platformrc.json is ignored`);
    await sendersDone(t);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.requests).toBe(0);
    expect(spooled(t).map((e) => e.event)).toEqual(['create']);
  });

  it('the same endpoint in the user config does receive the batch (the control)', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
      extra: { CI: 'true' },
    });
    const run = await createRun(t, { cwd: await testdir() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await waitFor(() => server.requests > 0)).toBe(true);
  });

  it('a repo can turn usage events off for everyone', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
      extra: { CI: 'true' },
    });
    const repo = await repoWith({ enabled: false });
    const run = await createRun(t, { cwd: repo });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('ignored');
    await sendersDone(t);
    expect(spooled(t)).toEqual([]);
    expect(server.requests).toBe(0);
    const status = await runBin('platform', ['telemetry', 'status'], { cwd: repo, env: t.env });
    expect(status.stdout).toContain(`telemetry.enabled is false in ${repo}/.platformrc.json`);
  });
});

describe('endpoint credentials', () => {
  it('never reach the sender’s command line or the output', async () => {
    const hole = await blackHole();
    const secret = hole.url.replace('http://', 'http://ci:hunter2@') + '?token=s3cret&region=eu';
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: secret } },
      extra: { CI: 'true' },
    });
    const run = await createRun(t, { cwd: await testdir() });
    expect(run.exitCode, run.stderr).toBe(0);
    // The sender hangs on the black hole for a while: long enough to read its argv.
    const senders = () => processesWith('telemetry-sender.js', t.spoolDir);
    expect(await waitFor(() => senders().length > 0, 5000)).toBe(true);
    for (const argv of senders()) expect(argv).not.toMatch(/hunter2|s3cret|127\.0\.0\.1/);
    await waitFor(() => hole.connections > 0, 5000);
    expect(hole.connections).toBeGreaterThan(0);
    for (const args of [
      ['telemetry', 'status'],
      ['telemetry', 'status', '--json'],
      ['config', 'print'],
    ]) {
      const shown = await runBin('platform', args, { cwd: await testdir(), env: t.env });
      expect(shown.exitCode, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('//***:***@127.0.0.1');
      expect(shown.stdout).toContain('token=***&region=eu');
      expect(shown.stdout + shown.stderr).not.toMatch(/hunter2|s3cret/);
    }
    await sendersDone(t);
  });
});

/** The command lines (NUL-separated args joined by spaces) of live processes naming all `parts`. */
function processesWith(...parts: string[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let argv: string;
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (parts.every((part) => argv.includes(part))) found.push(argv);
  }
  return found;
}
