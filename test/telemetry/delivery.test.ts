import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blackHole, closedPort, collector, sendersFor } from './servers.js';
import { createRun, makeSendDue, sendersDone, spooled, telemetryEnv } from './telemetry-env.js';

describe('delivery never costs the user anything', () => {
  // What a black hole costs in time is measured in bench/telemetry.mjs, not asserted here; this
  // test proves the property behind it: the command ends while its sender is still waiting.
  it('a black-hole endpoint: the command ends while its sender waits, output unchanged, nothing lost', async () => {
    const hole = await blackHole();
    const on = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: hole.url } },
    });
    const off = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: hole.url } },
      extra: { PLATFORM_TELEMETRY_DISABLED: '1' },
    });
    const outputs = new Set<string>();
    const quiet = await createRun(off);
    expect(quiet.exitCode, quiet.stderr).toBe(0);
    outputs.add(quiet.stdout.replace(/after [\d.]+s/, ''));
    for (let i = 0; i < 3; i++) {
      // Every run starts a sender, the costliest case.
      makeSendDue(on);
      const run = await createRun(on);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/telemetry|ECONN|socket/i);
      outputs.add(run.stdout.replace(/after [\d.]+s/, ''));
      // A sender against a black hole waits at least its 1.5 s timeout; the command did not.
      expect(
        sendersFor(on.spoolDir).length,
        'no sender alive when the command ended',
      ).toBeGreaterThan(0);
      expect(await sendersDone(on, 15_000)).toBe(true);
    }
    expect(outputs.size).toBe(1);
    expect(hole.connections).toBeGreaterThan(0);
    // Nothing was lost: every batch went back to the spool.
    expect(spooled(on).length).toBe(3);
  });

  it('a 500 answer: one retry, the batch is put back, the command does not notice', async () => {
    const server = await collector(500);
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
    });
    const run = await createRun(t);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('500');
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(2);
    expect(spooled(t).map((e) => e.event)).toEqual(['create']);
  });

  it('a closed port keeps the event, and a later run sends both', async () => {
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: await closedPort() } },
    });
    expect((await createRun(t)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(spooled(t)).toHaveLength(1);

    const server = await collector();
    await writeFile(
      path.join(t.env.XDG_CONFIG_HOME!, 'platform', 'config.json'),
      JSON.stringify({ telemetry: { endpoint: server.url } }),
    );
    makeSendDue(t);
    expect((await createRun(t)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(1);
    const events = (server.bodies[0] as { events: { event: string; time: string }[] }).events;
    expect(events.map((e) => e.event)).toEqual(['create', 'create']);
    expect(spooled(t)).toEqual([]);
  });

  it('at a desk a sender starts at most once a minute; in CI every run sends', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
    });
    expect((await createRun(t)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(1);
    // A second run within the minute only spools.
    expect((await createRun(t)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(1);
    expect(spooled(t).map((e) => e.event)).toEqual(['create']);
    // In CI the runner is thrown away after the job: every run sends, the waiting event too.
    const ci = { ...t, env: { ...t.env, CI: 'true' } };
    expect((await createRun(ci)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(2);
    const batch = (server.bodies[1] as { events: { env: { ci: boolean } }[] }).events;
    expect(batch.map((e) => e.env.ci)).toEqual([false, true]);
    // Back at the desk, once the minute has passed, the next run sends again.
    expect((await createRun(t)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(2);
    makeSendDue(t);
    expect((await createRun(t)).exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(3);
    expect(spooled(t)).toEqual([]);
  });

  it('PLATFORM_TELEMETRY_DEBUG=1 prints the event to stderr and sends nothing', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
      extra: { PLATFORM_TELEMETRY_DEBUG: '1' },
    });
    const run = await createRun(t);
    expect(run.exitCode).toBe(0);
    const line = run.stderr.split('\n').find((l) => l.startsWith('[telemetry] {'));
    expect(line).toBeDefined();
    const event = JSON.parse(
      line!.replace('[telemetry] ', '').replace(/ \(debug: not sent\)$/, ''),
    ) as {
      event: string;
      props: Record<string, unknown>;
    };
    expect(event.event).toBe('create');
    expect(event.props).toMatchObject({
      template: 'node-http-service',
      catalogKind: 'builtin',
      outcome: 'success',
    });
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(0);
    expect(existsSync(t.spoolDir)).toBe(false);
  });

  it('DO_NOT_TRACK with debug says why nothing is recorded', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
      extra: { PLATFORM_TELEMETRY_DEBUG: '1', DO_NOT_TRACK: '1' },
    });
    const run = await createRun(t);
    expect(run.stderr).toContain('[telemetry] off (env: DO_NOT_TRACK=1 is set); nothing recorded');
    expect(server.requests).toBe(0);
    expect(existsSync(t.spoolDir)).toBe(false);
  });

  it('an unwritable state dir disables telemetry silently', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
    });
    // A file where the state folder should be: mkdir fails even for root.
    const blocker = path.join(t.env.HOME!, 'blocker');
    await writeFile(blocker, '');
    t.env.XDG_STATE_HOME = path.join(blocker, 'state');
    const off = await createRun({ ...t, env: { ...t.env, PLATFORM_TELEMETRY_DISABLED: '1' } });
    const run = await createRun(t);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(off.stderr);
    expect(await sendersDone(t)).toBe(true);
    expect(server.requests).toBe(0);
  });

  it('a corrupt spool is reset: only valid events are sent', async () => {
    const server = await collector();
    const t = await telemetryEnv({
      consent: true,
      config: { telemetry: { endpoint: server.url } },
    });
    await mkdir(t.spoolDir, { recursive: true });
    await writeFile(
      path.join(t.spoolDir, 'spool.jsonl'),
      '\u0000\u0001garbage{{{\n[1,2]\n{"no":"event"\n',
    );
    const run = await createRun(t);
    expect(run.exitCode).toBe(0);
    expect(await sendersDone(t)).toBe(true);
    const events = (server.bodies[0] as { events: { event: string }[] }).events;
    expect(events.map((e) => e.event)).toEqual(['create']);
    expect(spooled(t)).toEqual([]);
  });

  it('a spool path taken by a folder is reset, not fatal', async () => {
    const t = await telemetryEnv({ consent: true });
    await mkdir(path.join(t.spoolDir, 'spool.jsonl', 'junk'), { recursive: true });
    const run = await createRun(t);
    expect(run.exitCode).toBe(0);
    expect(spooled(t).map((e) => e.event)).toEqual(['create']);
  });
});
