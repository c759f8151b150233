import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../src/telemetry/build-event.js';
import { catalogKindOf, findingProps } from '../../src/telemetry/command-event.js';
import {
  EVENT_NAMES,
  eventRule,
  type EventName,
  type EventProps,
} from '../../src/telemetry/event-fields.js';
import { eventSchema } from '../../src/telemetry/event-schemas.js';
import { fits } from '../../src/telemetry/field-rules.js';
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

describe('the field rules and the zod schemas', () => {
  // The recorder checks events against the rules; the zod schemas are built from the same rules
  // by other code. Both must give the same verdict on right and wrong values alike.
  const valid = (name: EventName) => ({
    ...buildEvent(
      name,
      {
        command: 'check',
        outcome: 'problems',
        durationMs: 3,
        template: 'node-http-service',
        templateVersion: '1.2.0-rc.1',
        catalogKind: 'git',
        findings: { 'files.managed-modified': 2 },
        waived: ['ci.secret-scan'],
        fromVersion: '1.0.0',
        toVersion: '1.1.0',
        conflicts: 0,
        errorCode: 'MANIFEST',
      },
      { ...CONTEXT, projectId: 'a'.repeat(32) },
    ),
  });
  const REMOVE = Symbol('remove');
  // Sets (or removes) the value at a path like `props/findings/a.b`, when the path's parent exists in the event.
  const set =
    (where: string, value: unknown) =>
    (event: Record<string, unknown>): void => {
      const keys = where.split('/');
      const last = keys.pop()!;
      let parent: unknown = event;
      for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
      if (typeof parent !== 'object' || parent === null) return;
      if (value === REMOVE) delete (parent as Record<string, unknown>)[last];
      else (parent as Record<string, unknown>)[last] = value;
    };
  const changes: [string, (event: Record<string, unknown>) => void][] = [
    ['as built', () => undefined],
    ['an extra top-level field', set('extra', 1)],
    ['an extra prop', set('props/answers', { name: 'x' })],
    ['an extra env field', set('env/user', 'x')],
    ['a missing required prop', set('props/outcome', REMOVE)],
    ['a missing envelope field', set('sessionId', REMOVE)],
    ['a null project id', set('projectId', null)],
    ['a short project id', set('projectId', 'abc')],
    ['a wrong schema version', set('schemaVersion', 2)],
    ['another event name', set('event', 'none')],
    ['a fractional duration', set('props/durationMs', 1.5)],
    ['a negative duration', set('props/durationMs', -1)],
    ['a duration over a day', set('props/durationMs', 86_400_001)],
    ['a duration as text', set('props/durationMs', '3')],
    ['an unknown outcome', set('props/outcome', 'meh')],
    ['an unknown command', set('props/command', 'rm')],
    ['a template id with a slash', set('props/template', 'a/b')],
    ['a version of 65 characters', set('props/templateVersion', `1.0.0-${'a'.repeat(59)}`)],
    ['a rule id with a space', set('props/findings/a b', 1)],
    ['a count over the cap', set('props/findings/a.b', 1_000_001)],
    ['201 waived rules', set('props/waived', Array<string>(201).fill('a.b'))],
    ['a waived list as text', set('props/waived', 'a.b')],
    ['a CI vendor not listed', set('env/ciVendor', 'acme-ci')],
    ['ci as text', set('env/ci', 'true')],
    ['a time with an offset', set('time', '2026-01-01T00:00:00+01:00')],
    ['a lower-case error code', set('props/errorCode', 'oops')],
    ['an array as props', set('props', [])],
  ];
  for (const name of EVENT_NAMES)
    it(`agree on ${name} events`, () => {
      const verdicts = changes.map(([label, change]) => {
        const event = structuredClone(valid(name)) as unknown as Record<string, unknown>;
        change(event);
        const zod = eventSchema(name).safeParse(event).success;
        expect(fits(eventRule(name), event), label).toBe(zod);
        return zod;
      });
      expect(verdicts[0]).toBe(true);
      expect(verdicts.filter((v) => !v).length).toBeGreaterThan(15);
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

describe('command-event helpers', () => {
  it('findingProps counts unwaived findings per rule and lists waived rule ids', () => {
    expect(
      findingProps([
        { ruleId: 'files.managed-modified' },
        { ruleId: 'files.managed-modified', waived: false },
        { ruleId: 'ci.secret-scan', waived: true },
        { ruleId: 'ci.secret-scan', waived: true },
        { ruleId: 'template.outdated' },
      ]),
    ).toEqual({
      findings: { 'files.managed-modified': 2, 'template.outdated': 1 },
      waived: ['ci.secret-scan'],
    });
  });

  it('catalogKindOf names the kind, never the address', () => {
    expect(
      [
        'builtin',
        'git+https://git.acme.dev/t.git',
        'npm:@acme/templates',
        'platform/templates',
      ].map(catalogKindOf),
    ).toEqual(['builtin', 'git', 'npm', 'dir']);
  });
});
