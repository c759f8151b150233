import { describe, expect, it } from 'vitest';
import { toOtlpLogs } from '../../src/telemetry/wire-format.js';
import { runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

const P = (n: number) => String(n).repeat(32);
const T = 'node-http-service';
let seq = 0;
function ev(event: string, time: string, projectId: string | null, props: Record<string, unknown>) {
  seq++;
  return {
    event,
    schemaVersion: 1,
    time,
    anonymousId: `0b6f7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e${String(seq).padStart(2, '0')}`,
    projectId,
    sessionId: `1b6f7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e${String(seq).padStart(2, '0')}`,
    cli: { version: '0.1.0' },
    env: { node: '20.20.2', os: 'linux', osVersion: '6.1', arch: 'x64', ci: false, ciVendor: null },
    props: { durationMs: 100, outcome: 'success', ...props },
  };
}

// A small fleet with known answers; the comments give each figure the test expects.
const p1 = [
  ev('create', '2026-01-05T10:00:00Z', P(1), {
    command: 'create',
    template: T,
    templateVersion: '1.0.0',
  }),
  ev('check', '2026-01-05T11:00:00Z', P(1), {
    command: 'doctor',
    template: T,
    templateVersion: '1.0.0',
    findings: {},
  }), // green after 1h
  ev('upgrade', '2026-01-20T10:00:00Z', P(1), {
    command: 'upgrade',
    template: T,
    fromVersion: '1.0.0',
    toVersion: '1.1.0',
    conflicts: 0,
  }),
  ev('check', '2026-01-21T10:00:00Z', P(1), {
    command: 'doctor',
    template: T,
    templateVersion: '1.1.0',
    findings: {},
  }),
];
const p2 = [
  ev('create', '2026-01-06T09:00:00Z', P(2), {
    command: 'create',
    template: T,
    templateVersion: '1.1.0',
  }),
  ev('check', '2026-01-06T10:00:00Z', P(2), {
    command: 'check',
    outcome: 'problems',
    template: T,
    templateVersion: '1.1.0',
    findings: { 'files.managed-modified': 2 },
    waived: ['ci.secret-scan'],
  }),
  ev('check', '2026-01-07T09:00:00Z', P(2), {
    command: 'check',
    template: T,
    templateVersion: '1.1.0',
    findings: {},
  }), // green after 24h
  ev('check', '2026-01-22T09:00:00Z', P(2), {
    command: 'check',
    outcome: 'problems',
    template: T,
    templateVersion: '1.1.0',
    findings: { 'files.managed-modified': 1, 'template.outdated': 1 },
    waived: ['ci.secret-scan'],
  }),
];
const p3p4 = [
  ev('create', '2026-01-13T00:00:00Z', P(3), {
    command: 'create',
    template: T,
    templateVersion: '1.1.0',
  }), // never checked
  ev('adopt', '2026-01-14T00:00:00Z', P(4), {
    command: 'adopt',
    template: T,
    templateVersion: '1.0.0',
    findings: {},
  }),
  ev('check', '2026-01-14T01:00:00Z', P(4), {
    command: 'check',
    outcome: 'problems',
    template: T,
    templateVersion: '1.0.0',
    findings: { 'template.outdated': 1 },
    waived: ['secrets.env-committed', 'ci.secret-scan'],
  }),
];
const others = [
  ev('error', '2026-01-08T00:00:00Z', null, {
    command: 'create',
    outcome: 'usage-error',
    errorCode: 'ANSWERS',
  }),
  ev('error', '2026-01-15T00:00:00Z', P(4), {
    command: 'check',
    outcome: 'internal-error',
    errorCode: 'INTERNAL',
  }),
  ev('create', '2026-01-13T05:00:00Z', null, {
    command: 'create',
    template: 'node-worker',
    templateVersion: '1.0.0',
  }),
];
const MALFORMED = ['not json at all', '{"event":"bogus"}', '[]', '{"events":[{"event":"create"}]}'];

async function fixture(): Promise<{ cwd: string; files: string[] }> {
  const cwd = await testdir({
    // One event per line, as in the spool.
    'spool.jsonl':
      [...p1.map((e) => JSON.stringify(e)), MALFORMED[0], MALFORMED[1]].join('\n') + '\n',
    // A batch per line as the sender posts it, OTLP as a collector's file exporter writes it.
    'export.jsonl': [
      JSON.stringify({ events: p2 }),
      JSON.stringify(toOtlpLogs(p3p4)),
      ...others.map((e) => JSON.stringify(e)),
      MALFORMED[2],
      MALFORMED[3],
    ].join('\n'),
  });
  return { cwd, files: ['spool.jsonl', 'export.jsonl'] };
}

describe('platform insights', () => {
  it('computes every figure from a fixture with known answers', async () => {
    const { cwd, files } = await fixture();
    const result = await runBin('platform', ['insights', ...files, '--json'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const { insights } = JSON.parse(result.stdout) as { insights: Record<string, unknown> };
    expect(insights.events).toBe(14);
    expect(insights.skipped).toBe(4);
    expect(insights.adoption).toEqual({
      total: 4,
      byTemplate: [
        { template: T, version: '1.1.0', services: 2 },
        { template: T, version: '1.0.0', services: 1 },
        { template: 'node-worker', version: '1.0.0', services: 1 },
      ],
      byWeek: [
        { week: '2026-01-05', services: 2 },
        { week: '2026-01-12', services: 2 },
      ],
    });
    expect(insights.versions).toEqual([
      {
        template: T,
        latest: '1.1.0',
        projects: 4,
        onLatest: 3,
        spread: [
          { version: '1.1.0', projects: 3 },
          { version: '1.0.0', projects: 1 },
        ],
      },
      { template: 'node-worker', latest: '1.0.0', projects: 0, onLatest: 0, spread: [] },
    ]);
    expect(insights.drift).toEqual({
      projectsChecked: 3,
      drifting: 2,
      rate: 2 / 3,
      topFailingRules: [
        { rule: 'template.outdated', projects: 2 },
        { rule: 'files.managed-modified', projects: 1 },
      ],
    });
    expect(insights.topWaivedRules).toEqual([
      { rule: 'ci.secret-scan', projects: 2 },
      { rule: 'secrets.env-committed', projects: 1 },
    ]);
    expect(insights.timeToFirstGreen).toEqual({
      created: 3,
      green: 2,
      medianMs: 3_600_000,
      p90Ms: 86_400_000,
    });
    expect(insights.failureRate).toEqual([
      { command: 'check', runs: 5, failures: 1, rate: 0.2 },
      { command: 'create', runs: 5, failures: 1, rate: 0.2 },
      { command: 'adopt', runs: 1, failures: 0, rate: 0 },
      { command: 'doctor', runs: 2, failures: 0, rate: 0 },
      { command: 'upgrade', runs: 1, failures: 0, rate: 0 },
    ]);
  });

  it('--since filters by date', async () => {
    const { cwd, files } = await fixture();
    const result = await runBin(
      'platform',
      ['insights', ...files, '--json', '--since', '2026-01-12'],
      { cwd },
    );
    const { insights } = JSON.parse(result.stdout) as {
      insights: { events: number; since: string; adoption: { total: number } };
    };
    expect(insights.events).toBe(8);
    expect(insights.since).toBe('2026-01-12T00:00:00.000Z');
    expect(insights.adoption.total).toBe(2);
    const bad = await runBin('platform', ['insights', ...files, '--since', 'yesterday'], { cwd });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--since "yesterday" is not a date');
  });

  it('prints text with bar charts, and counts the malformed lines', async () => {
    const { cwd, files } = await fixture();
    const result = await runBin('platform', ['insights', ...files], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage insights from 14 events (4 malformed lines skipped)');
    expect(result.stdout).toMatch(/node-http-service@1\.1\.0\s+█+\s+2/);
    expect(result.stdout).toContain('node-http-service: 3 of 4 projects on the latest 1.1.0');
    expect(result.stdout).toContain('Drift: 2 of 3 checked projects drifting (67%)');
    expect(result.stdout).toContain(
      '2 of 3 created projects reached a clean check; median 1h 0m, p90 1d 0h',
    );
    expect(result.stdout).toMatch(/check\s+█+\s+1 of 5 runs \(20%\)/);
    expect(result.stderr).toContain('4 malformed lines skipped');
  });

  it('prints markdown tables', async () => {
    const { cwd, files } = await fixture();
    const result = await runBin('platform', ['insights', ...files, '--format', 'markdown'], {
      cwd,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('## Drift: 2 of 3 checked projects (67%)');
    expect(result.stdout).toContain('| `template.outdated` | 2 |');
    expect(result.stdout).toContain(
      '| `node-http-service` | 1.1.0 | 3 of 4 | 1.1.0: 3, 1.0.0: 1 |',
    );
    expect(result.stdout).toContain('| `check` | 5 | 1 | 20% |');
  });

  it('a missing file is a usage error naming it', async () => {
    const result = await runBin('platform', ['insights', 'nope.jsonl'], { cwd: await testdir() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Cannot read nope.jsonl');
  });
});
