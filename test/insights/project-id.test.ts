import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeInsights } from '../../src/insights/compute-insights.js';
import type { InsightEvent } from '../../src/insights/read-events.js';
import { catalogDir } from '../helpers/catalog.js';
import { runBin } from '../helpers/run-bin.js';
import { gitdir, testdir } from '../helpers/testdir.js';
import { spooled, telemetryEnv } from '../telemetry/telemetry-env.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T = 'node-http-service';
const H = 3_600_000;
const D = 24 * H;

function ev(
  event: string,
  time: string,
  projectId: string | null,
  props: Record<string, unknown>,
): InsightEvent {
  return {
    event,
    time,
    projectId,
    props: { command: event, outcome: 'success', template: T, ...props },
  };
}
const on = (v: string) => ({ templateVersion: v, findings: {} });
const up = (from: string, to: string) => ({ fromVersion: from, toVersion: to });

describe('rollout progress and time to propagate', () => {
  // Four projects on 1.0.0; 1.1.0 appears on Tuesday 2026-01-06 with a new project (p5).
  // p1 upgrades a day later (2 of 5 on it), p2 two days later (3 of 5: half), p3 in the next
  // week (4 of 5), p4 never: 90 % (4.5 of 5) is never reached.
  const events = [
    ev('create', '2026-01-01T10:00:00Z', 'p1', on('1.0.0')),
    ev('create', '2026-01-01T11:00:00Z', 'p2', on('1.0.0')),
    ev('create', '2026-01-02T10:00:00Z', 'p3', on('1.0.0')),
    ev('create', '2026-01-02T11:00:00Z', 'p4', on('1.0.0')),
    ev('create', '2026-01-06T10:00:00Z', 'p5', on('1.1.0')),
    ev('upgrade', '2026-01-07T10:00:00Z', 'p1', up('1.0.0', '1.1.0')),
    ev('upgrade', '2026-01-08T10:00:00Z', 'p2', up('1.0.0', '1.1.0')),
    ev('upgrade', '2026-01-13T10:00:00Z', 'p3', up('1.0.0', '1.1.0')),
    ev('check', '2026-01-14T10:00:00Z', 'p4', on('1.0.0')),
    ev('check', '2026-01-14T11:00:00Z', null, on('1.0.0')),
    ev('check', '2026-01-14T12:00:00Z', null, on('1.1.0')),
  ];
  const insights = computeInsights(events);

  it('counts the projects on each version at the end of every week', () => {
    expect(insights.rolloutProgress).toEqual([
      {
        template: T,
        versions: ['1.0.0', '1.1.0'],
        weeks: [
          { week: '2025-12-29', versions: { '1.0.0': 4 } },
          { week: '2026-01-05', versions: { '1.0.0': 2, '1.1.0': 3 } },
          { week: '2026-01-12', versions: { '1.0.0': 1, '1.1.0': 4 } },
        ],
      },
    ]);
  });

  it('times a version from its first appearance to half and 90 % of the active projects', () => {
    const v11 = insights.timeToPropagate.find((p) => p.version === '1.1.0');
    expect(v11).toEqual({
      template: T,
      version: '1.1.0',
      firstSeen: '2026-01-06T10:00:00.000Z',
      activeProjects: 5,
      reached: 4,
      halfMs: 2 * D,
      ninetyMs: null,
    });
  });

  it('counts the events without a project id and keeps them out of per-project figures', () => {
    expect(insights.withoutProjectId).toBe(2);
    expect(insights.versions[0]?.projects).toBe(5);
  });
});

describe('projectId links a laptop create and a CI check', () => {
  const catalog = () =>
    catalogDir({
      svc: {
        '1.0.0': {
          manifest: {
            parameters: [{ name: 'name', type: 'string', prompt: 'Name', required: true }],
          },
          files: { 'README.md.hbs': '# {{name}}\n' },
        },
      },
    });

  it('create-service and adopt write a random UUID; events from two machines share it', async () => {
    const cat = await catalog();
    const laptop = await telemetryEnv({ consent: true });
    const parent = await testdir();
    const created = await runBin(
      'create-service',
      [
        'orders',
        '-t',
        'svc@1.0.0',
        '--catalog',
        cat,
        '--set',
        'name=orders',
        '--yes',
        '--no-install',
      ],
      { cwd: parent, env: laptop.env },
    );
    expect(created.exitCode).toBe(0);
    const dir = path.join(parent, 'orders');
    const state = JSON.parse(await readFile(path.join(dir, '.platform/service.json'), 'utf8')) as {
      projectId: string;
    };
    expect(state.projectId).toMatch(UUID);

    // CI: another machine, another user (so another salt), no origin remote at all.
    const ci = await telemetryEnv({ consent: true, extra: { CI: 'true' } });
    const checked = await runBin('platform', ['check', '--catalog', cat], {
      cwd: dir,
      env: ci.env,
    });
    expect(checked.exitCode).toBe(0);
    const [create] = spooled(laptop);
    const [check] = spooled(ci);
    expect(create).toMatchObject({ event: 'create', projectId: state.projectId });
    expect(check).toMatchObject({ event: 'check', projectId: state.projectId });

    const out = await testdir({
      'laptop.jsonl': `${JSON.stringify(create)}\n`,
      'ci.jsonl': `${JSON.stringify(check)}\n`,
    });
    const insights = await runBin('platform', ['insights', 'laptop.jsonl', 'ci.jsonl', '--json'], {
      cwd: out,
      env: ci.env,
    });
    const doc = JSON.parse(insights.stdout) as {
      insights: { timeToFirstGreen: { created: number; green: number } };
    };
    expect(doc.insights.timeToFirstGreen).toMatchObject({ created: 1, green: 1 });

    const plain = await gitdir({ 'README.md': '# billing\n' });
    const adopted = await runBin(
      'platform',
      ['adopt', '-t', 'svc@1.0.0', '--catalog', cat, '--set', 'name=billing'],
      { cwd: plain, env: ci.env },
    );
    expect(adopted.exitCode).toBe(0);
    const adoptedState = JSON.parse(
      await readFile(path.join(plain, '.platform/service.json'), 'utf8'),
    ) as { projectId: string };
    expect(adoptedState.projectId).toMatch(UUID);
    expect(adoptedState.projectId).not.toBe(state.projectId);
  }, 120_000);
});
