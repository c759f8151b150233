import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName } from '../../src/telemetry/event-fields.js';
import { eventSchema } from '../../src/telemetry/event-schemas.js';
import { fromOtlpLogs } from '../../src/telemetry/wire-format.js';
import { ROOT, runBin } from '../helpers/run-bin.js';
import { gitdir, gitSync, writeTree } from '../helpers/testdir.js';
import { collector } from './servers.js';
import { makeSendDue, sendersDone, telemetryEnv } from './telemetry-env.js';

// Unique strings seeded into every input a user controls; none may reach a payload.
const SEEDS = [
  'seedname-q7x', // the service name answer
  'seeddir-k3v', // the target directory
  'seedport', // an answer value
  'seeduser', // credentials in the remote URL
  'seedtoken',
  'seedhost',
  'seedorg',
  'seedrepo',
  'seedmissing-tpl', // text of an error message
  'seedlogin', // USER / LOGNAME / HOSTNAME
  'seedcfg', // a config file path
];
const ENVELOPE = [
  'event',
  'schemaVersion',
  'time',
  'anonymousId',
  'projectId',
  'sessionId',
  'cli',
  'env',
  'props',
];
const PROPS = [
  'command',
  'outcome',
  'durationMs',
  'template',
  'templateVersion',
  'catalogKind',
  'errorCode',
];

async function seededRuns(format: 'json' | 'otlp') {
  const server = await collector();
  const t = await telemetryEnv({
    consent: true,
    config: { telemetry: { endpoint: server.url, format } },
    extra: { USER: 'seedlogin', LOGNAME: 'seedlogin', HOSTNAME: 'seedlogin-host' },
  });
  const repo = await gitdir({ 'README.md': 'x' });
  gitSync(
    repo,
    'remote',
    'add',
    'origin',
    'https://seeduser:seedtoken@git.seedhost.example/seedorg/seedrepo.git',
  );
  await writeTree(repo, { 'seedcfg/.platformrc.json': JSON.stringify({ catalogs: ['builtin'] }) });
  const cwd = path.join(repo, 'seedcfg');
  const args = [
    '-t',
    'node-http-service',
    '--set',
    'name=seedname-q7x',
    '--yes',
    '--no-install',
    '--no-git',
  ];
  // Each run starts its own sender, as runs a minute apart at a desk do.
  const run = async (runArgs: string[]) => {
    makeSendDue(t);
    const result = await runBin('create-service', runArgs, { cwd, env: t.env });
    expect(await sendersDone(t)).toBe(true);
    return result;
  };
  const ok = await run(['seeddir-k3v', ...args, '--set', 'port=seedport']);
  const fine = await run(['seeddir-k3v', ...args]);
  const failed = await run(['seeddir-2', '-t', 'seedmissing-tpl', '--yes']);
  expect([ok.exitCode, fine.exitCode, failed.exitCode]).toEqual([2, 0, 2]);
  expect(failed.stderr).toContain('seedmissing-tpl'); // the user sees it; the platform team never does
  expect(server.requests).toBe(3);
  return server;
}

describe('the payload allowlist', () => {
  it('sends only schema fields: no answers, paths, names, credentials or error text', async () => {
    const server = await seededRuns('json');
    expect(server.requests).toBeGreaterThan(0);
    const payload = server.raw.join('\n');
    for (const seed of SEEDS) expect(payload).not.toContain(seed);
    expect(payload).not.toContain('/tmp/');
    const events = server.bodies.flatMap(
      (b) => (b as { events: Record<string, unknown>[] }).events,
    );
    expect(
      events.map((e) => `${String(e.event)}:${(e.props as { outcome: string }).outcome}`).sort(),
    ).toEqual(['create:success', 'error:usage-error', 'error:usage-error']);
    for (const event of events) {
      // The zod schema of each event, an independent reader of the same allowlist, agrees.
      expect(eventSchema(event.event as EventName).safeParse(event).error).toBeUndefined();
      expect(ENVELOPE).toEqual(expect.arrayContaining(Object.keys(event)));
      for (const key of Object.keys(event.props as object)) expect(PROPS).toContain(key);
      expect(Object.keys(event.env as object).sort()).toEqual([
        'arch',
        'ci',
        'ciVendor',
        'node',
        'os',
        'osVersion',
      ]);
      expect(Object.keys(event.cli as object)).toEqual(['version']);
    }
    // The created service's events carry the random projectId of its state file; runs
    // outside a service (the errors) a salted hash of the remote: stable, and not the remote.
    const created = events.filter((e) => e.event === 'create').map((e) => e.projectId);
    expect(created[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const hashed = new Set(events.filter((e) => e.event === 'error').map((e) => e.projectId));
    expect(hashed.size).toBe(1);
    expect([...hashed][0]).toMatch(/^[0-9a-f]{32}$/);
    const errors = events.filter((e) => e.event === 'error').map((e) => e.props);
    expect(errors).toContainEqual(expect.objectContaining({ errorCode: 'ANSWERS' }));
    expect(errors).toContainEqual(expect.objectContaining({ errorCode: 'TEMPLATE_NOT_FOUND' }));
  });

  it('telemetry.format otlp posts OTLP/HTTP JSON logs that the OTLP protobuf schema accepts', async () => {
    const server = await seededRuns('otlp');
    const payload = server.raw.join('\n');
    for (const seed of SEEDS) expect(payload).not.toContain(seed);
    const require = createRequire(import.meta.url);
    const root = require(
      path.join(ROOT, 'node_modules/@opentelemetry/otlp-transformer/build/src/generated/root.js'),
    ) as OtlpRoot;
    const Request = root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
    for (const body of server.bodies) {
      // Every field must survive a round trip through the real message type: unknown or
      // mistyped fields would be dropped or changed.
      const message = Request.decode(Request.encode(Request.fromObject(body)).finish());
      expect(Request.toObject(message, { longs: String, defaults: false })).toEqual(body);
      const events = fromOtlpLogs(body);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events)
        expect(ENVELOPE).toEqual(expect.arrayContaining(Object.keys(event)));
    }
    const events = server.bodies.flatMap((b) => fromOtlpLogs(b));
    expect(events.find((e) => e.event === 'create')).toMatchObject({
      props: { template: 'node-http-service', catalogKind: 'builtin', outcome: 'success' },
    });
  });
});

interface MessageType {
  fromObject(value: unknown): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}
interface OtlpRoot {
  opentelemetry: {
    proto: { collector: { logs: { v1: { ExportLogsServiceRequest: MessageType } } } };
  };
}
