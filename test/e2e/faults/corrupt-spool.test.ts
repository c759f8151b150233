import { execFileSync } from 'node:child_process';
import { existsSync, statSync, truncateSync, utimesSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../../helpers/run-bin.js';
import { gitdir } from '../../helpers/testdir.js';
import { collector } from '../../telemetry/servers.js';
import {
  makeSendDue,
  sendersDone,
  spooled,
  telemetryEnv,
  type TelemetryEnv,
} from '../../telemetry/telemetry-env.js';

// The telemetry spool lives in the user's state folder, where a full disk, a killed process or a
// stray tool can leave anything. Whatever it holds, every command keeps its own exit code and
// output, the sender still delivers the valid events, and nothing is left to fail again.

const EARLIER = JSON.stringify({
  event: 'adopt',
  schemaVersion: 1,
  time: '2026-01-05T10:00:00.000Z',
  props: { command: 'adopt', outcome: 'success', durationMs: 5 },
});

/** A consenting user with a real collector as the endpoint. */
async function withCollector() {
  const server = await collector();
  const t = await telemetryEnv({ consent: true, config: { telemetry: { endpoint: server.url } } });
  await mkdir(t.spoolDir, { recursive: true });
  return { server, t, spool: path.join(t.spoolDir, 'spool.jsonl') };
}

/** `platform check` in a repo that is not adopted: exit 1, and a `check` event. */
async function check(t: TelemetryEnv) {
  const repo = await gitdir({ 'README.md': '# x\n' });
  const run = await runBin('platform', ['check'], { cwd: repo, env: t.env });
  const off = await runBin('platform', ['check'], {
    cwd: repo,
    env: { ...t.env, PLATFORM_TELEMETRY_DISABLED: '1' },
  });
  expect(run.exitCode, run.stderr).toBe(1);
  expect(run.stdout).toBe(off.stdout);
  expect(run.stderr).toBe(off.stderr);
  return run;
}

/** An outbox a dead sender left, dated old enough for the next sender to adopt it. */
async function staleOutbox(t: TelemetryEnv, make: (file: string) => Promise<void>) {
  const outbox = path.join(t.spoolDir, 'outbox-1-1.jsonl');
  await make(outbox);
  utimesSync(outbox, new Date(2020, 0, 1), new Date(2020, 0, 1));
  return outbox;
}

/** `platform telemetry status` answers, and counts no event in a spool it cannot read. */
async function expectNothingWaiting(t: TelemetryEnv) {
  const status = await runBin('platform', ['telemetry', 'status'], { cwd: t.spoolDir, env: t.env });
  expect(status.exitCode, status.stderr).toBe(0);
  expect(status.stdout).toMatch(/\(0 waiting\)/);
}

/** Every event name the collector received, in order. */
const received = (server: { bodies: unknown[] }) =>
  server.bodies.flatMap((b) => (b as { events: { event: string }[] }).events.map((e) => e.event));

/** Nothing waits or is half-sent: no outbox file, no event left in the spool. */
async function expectDrained(t: TelemetryEnv) {
  expect(await sendersDone(t)).toBe(true);
  expect(spooled(t)).toEqual([]);
  expect((await readdir(t.spoolDir)).filter((name) => name.startsWith('outbox-'))).toEqual([]);
}

describe('a corrupt telemetry spool breaks nothing', () => {
  it('a line cut short does not swallow the next event', async () => {
    const { server, t, spool } = await withCollector();
    await writeFile(spool, `${EARLIER}\n{"event":"create","schemaVers`);
    await check(t);
    await expectDrained(t);
    expect(received(server)).toEqual(['adopt', 'check']);
  });

  it('binary junk is dropped, the valid events around it are sent', async () => {
    const { server, t, spool } = await withCollector();
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));
    const deep = `{"event":"x","a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    await writeFile(
      spool,
      Buffer.concat([junk, Buffer.from(`\n${EARLIER}\n[1]\n{"event":7}\n${deep}\n`), junk]),
    );
    await check(t);
    await expectDrained(t);
    expect(received(server)).toEqual(['adopt', 'check']);
  });

  it('a spool or outbox that is a folder or a FIFO blocks no command and no sender', async () => {
    const { server, t, spool } = await withCollector();
    await mkdir(path.join(spool, 'junk'), { recursive: true });
    const outbox = await staleOutbox(t, (file) => mkdir(file));
    await expectNothingWaiting(t);
    await check(t);
    await expectDrained(t);
    expect(existsSync(outbox)).toBe(false);
    expect(received(server)).toEqual(['check']);

    // A FIFO would block a plain read for ever.
    execFileSync('mkfifo', [spool]);
    await expectNothingWaiting(t);
    makeSendDue(t);
    await check(t);
    await expectDrained(t);
    expect(received(server)).toEqual(['check', 'check']);
    const disable = await runBin('platform', ['telemetry', 'disable'], {
      cwd: t.env.HOME!,
      env: t.env,
    });
    expect(disable.exitCode, disable.stderr).toBe(0);
    expect(existsSync(t.spoolDir)).toBe(false);
  });

  it('a huge spool and a huge outbox are reset, not read', async () => {
    const { server, t, spool } = await withCollector();
    // Sparse files: 300 MB each on paper, nothing on disk.
    await writeFile(spool, '');
    truncateSync(spool, 300_000_000);
    const outbox = await staleOutbox(t, async (file) => {
      await writeFile(file, '');
      truncateSync(file, 300_000_000);
    });
    await expectNothingWaiting(t);
    await check(t);
    await expectDrained(t);
    expect(existsSync(outbox)).toBe(false);
    expect(received(server)).toEqual(['check']);
    expect(existsSync(spool) ? statSync(spool).size : 0).toBe(0);
  });
});
