import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../src/telemetry/build-event.js';
import type { EventProps } from '../../src/telemetry/event-schemas.js';
import { normalizeRemote, projectIdFor } from '../../src/telemetry/project-id.js';
import { appendToSpool, parseSpool } from '../../src/telemetry/spool.js';
import { decideTelemetry } from '../../src/telemetry/telemetry-decision.js';
import { readOriginUrl } from '../../src/adapters/git-remote-file.js';
import { gitdir, gitSync, testdir } from '../helpers/testdir.js';

const CONTEXT = {
  anonymousId: '0b6f7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
  projectId: null,
  sessionId: '1b6f7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
  cliVersion: '0.1.0',
  env: {},
};

describe('buildEvent', () => {
  it('keeps allowed fields and drops everything else, value by value', () => {
    const props = {
      command: 'check',
      outcome: 'problems',
      durationMs: 12,
      template: '/home/seed/secret-path',
      templateVersion: '1.2.0',
      catalogKind: 'git+https://git.acme.dev/seed.git',
      findings: { 'files.managed-modified': 2, 'Seed Person': 1, 'ci.secret-scan': -1 },
      waived: ['secrets.env-committed', 'Seed Name', 'secrets.env-committed'],
      answers: { name: 'seed' },
      errorCode: 'MANIFEST',
    } as unknown as EventProps;
    const event = buildEvent('check', props, CONTEXT);
    expect(event.props).toEqual({
      command: 'check',
      outcome: 'problems',
      durationMs: 12,
      templateVersion: '1.2.0',
      findings: { 'files.managed-modified': 2 },
      waived: ['secrets.env-committed'],
    });
    expect(JSON.stringify(event)).not.toMatch(/seed/i);
  });

  it('keeps only each event its own fields', () => {
    const props: EventProps = {
      command: 'upgrade',
      outcome: 'success',
      durationMs: 5,
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: 1,
      findings: { 'a.b': 1 },
    };
    expect(buildEvent('upgrade', props, CONTEXT).props).toEqual({
      command: 'upgrade',
      outcome: 'success',
      durationMs: 5,
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: 1,
    });
    expect(buildEvent('create', props, CONTEXT).props).toEqual({
      command: 'upgrade',
      outcome: 'success',
      durationMs: 5,
    });
  });

  it('refuses an event without its required fields', () => {
    expect(() =>
      buildEvent('error', { command: 'create', outcome: 'usage-error', durationMs: 1 }, CONTEXT),
    ).toThrow();
  });
});

describe('project id', () => {
  it('normalizes the spellings of one remote to one', () => {
    const spellings = [
      'git@github.com:Acme/Orders.git',
      'https://github.com/acme/orders',
      'https://user:token@github.com/acme/orders.git/',
      'ssh://git@github.com:22/acme/orders.git',
      'git+ssh://git@github.com/acme/orders',
    ];
    expect(new Set(spellings.map(normalizeRemote))).toEqual(new Set(['github.com/acme/orders']));
  });

  it('is salted: the same remote gives different ids with different salts', () => {
    const a = projectIdFor('https://github.com/acme/orders', 'salt-a');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(projectIdFor('git@github.com:acme/orders.git', 'salt-a')).toBe(a);
    expect(projectIdFor('https://github.com/acme/orders', 'salt-b')).not.toBe(a);
    expect(projectIdFor(null, 'salt-a')).toBeNull();
  });
});

describe('spool', () => {
  it('drops the oldest events first at the size cap, and corrupt lines with them', async () => {
    const dir = await testdir();
    const line = (i: number) => JSON.stringify({ event: 'create', i, pad: 'x'.repeat(80) });
    appendToSpool(dir, ['not json'], 1000);
    for (let i = 0; i < 40; i++) appendToSpool(dir, [line(i)], 1000);
    const text = readFileSync(path.join(dir, 'spool.jsonl'), 'utf8');
    expect(text.length).toBeLessThanOrEqual(1000);
    const kept = parseSpool(text).map((l) => (JSON.parse(l) as { i: number }).i);
    expect(kept.at(-1)).toBe(39);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept[0]).toBeGreaterThan(0);
    expect(text).not.toContain('not json');
  });
});

describe('decideTelemetry', () => {
  const consent = { consentVersion: 1, enabled: true, decidedAt: '2026-01-01T00:00:00Z' };
  it('follows the precedence of PRODUCT.md', () => {
    const decide = (env: NodeJS.ProcessEnv, flag: boolean, config?: boolean) =>
      decideTelemetry({ env, noTelemetryFlag: flag, config: { enabled: config }, consent }).source;
    expect(decide({ DO_NOT_TRACK: '1' }, true, false)).toBe('env');
    expect(decide({ DO_NOT_TRACK: 'true' }, false)).toBe('env');
    expect(decide({ DO_NOT_TRACK: '0' }, false)).toBe('user');
    expect(decide({}, true, false)).toBe('flag');
    expect(decide({}, false, false)).toBe('config');
    expect(decide({}, false, true)).toBe('user');
    expect(decideTelemetry({ env: {}, noTelemetryFlag: false, consent: null })).toMatchObject({
      enabled: false,
      source: 'default',
    });
  });
});

describe('readOriginUrl', () => {
  it('finds origin from a subfolder and from a linked worktree, like git does', async () => {
    const repo = await gitdir({ 'a/b/file.txt': 'x' });
    expect(readOriginUrl(path.join(repo, 'a/b'))).toBeNull();
    gitSync(repo, 'remote', 'add', 'upstream', 'https://example.com/up/stream.git');
    gitSync(repo, 'remote', 'add', 'origin', 'git@example.com:acme/orders.git');
    const expected = gitSync(repo, 'config', '--get', 'remote.origin.url');
    expect(readOriginUrl(path.join(repo, 'a/b'))).toBe(expected);
    const worktree = path.join(await testdir(), 'wt');
    gitSync(repo, 'worktree', 'add', '--quiet', worktree);
    expect(readOriginUrl(worktree)).toBe(expected);
    expect(readOriginUrl(await testdir())).toBeNull();
  });
});
