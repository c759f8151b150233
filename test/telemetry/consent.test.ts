import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { testdir, writeTree } from '../helpers/testdir.js';
import { collector } from './servers.js';
import { createRun, sendersDone, spooled, telemetryEnv } from './telemetry-env.js';

// Each row of PRODUCT.md's precedence, proven by what reaches a real server on 127.0.0.1.
const ROWS: {
  row: string;
  consent?: boolean | { consentVersion: number; enabled: boolean };
  extra?: Record<string, string>;
  args?: string[];
  projectConfig?: Record<string, unknown>;
  expected: { enabled: boolean; source: string };
}[] = [
  {
    row: '1. DO_NOT_TRACK=1 beats an opt-in',
    consent: true,
    extra: { DO_NOT_TRACK: '1' },
    expected: { enabled: false, source: 'env' },
  },
  {
    row: '1. PLATFORM_TELEMETRY_DISABLED=1 beats an opt-in',
    consent: true,
    extra: { PLATFORM_TELEMETRY_DISABLED: '1' },
    expected: { enabled: false, source: 'env' },
  },
  {
    row: '2. --no-telemetry beats an opt-in',
    consent: true,
    args: ['--no-telemetry'],
    expected: { enabled: false, source: 'flag' },
  },
  {
    row: '3. project config telemetry.enabled: false beats an opt-in',
    consent: true,
    projectConfig: { telemetry: { enabled: false } },
    expected: { enabled: false, source: 'config' },
  },
  { row: '4. the user opted in', consent: true, expected: { enabled: true, source: 'user' } },
  {
    row: '4. project config enabled: true does not consent for the user who opted out',
    consent: false,
    projectConfig: { telemetry: { enabled: true } },
    expected: { enabled: false, source: 'user' },
  },
  { row: '5. nobody decided: off', expected: { enabled: false, source: 'default' } },
  {
    row: '5. consent to an older policy version counts as no answer',
    consent: { consentVersion: 0, enabled: true },
    expected: { enabled: false, source: 'default' },
  },
];

describe('consent precedence', () => {
  for (const row of ROWS)
    it(row.row, async () => {
      const server = await collector();
      const t = await telemetryEnv({
        consent: row.consent,
        extra: row.extra,
        config: { telemetry: { endpoint: server.url } },
      });
      const cwd = await testdir();
      if (row.projectConfig)
        await writeTree(cwd, { '.platformrc.json': JSON.stringify(row.projectConfig) });
      const consentBefore = existsSync(t.consentFile) ? readFileSync(t.consentFile, 'utf8') : null;

      const status = await runBin(
        'platform',
        ['telemetry', 'status', '--json', ...(row.args ?? [])],
        {
          cwd,
          env: t.env,
        },
      );
      expect(status.exitCode).toBe(0);
      const document = JSON.parse(status.stdout) as {
        telemetry: { enabled: boolean; source: string };
      };
      expect(document.telemetry).toMatchObject(row.expected);

      const run = await createRun(t, { cwd, args: row.args ?? [] });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(await sendersDone(t)).toBe(true);
      if (row.expected.enabled) {
        expect(server.requests).toBe(1);
        expect((server.bodies[0] as { events: { event: string }[] }).events[0]?.event).toBe(
          'create',
        );
      } else {
        expect(server.requests).toBe(0);
        // No consent: no spool, no ids, nothing written at all.
        expect(existsSync(t.spoolDir)).toBe(false);
        expect(existsSync(t.consentFile) ? readFileSync(t.consentFile, 'utf8') : null).toBe(
          consentBefore,
        );
      }
    });
});

describe('platform telemetry enable|disable', () => {
  it('stores the choice with a consent version, and disable forgets ids and unsent events', async () => {
    const t = await telemetryEnv();
    const cwd = await testdir();
    const enable = await runBin('platform', ['telemetry', 'enable'], { cwd, env: t.env });
    expect(enable.exitCode).toBe(0);
    expect(enable.stdout).toContain('Usage events are enabled, decided by your choice');
    const stored = JSON.parse(readFileSync(t.consentFile, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ consentVersion: 1, enabled: true });
    expect(stored.anonymousId).toMatch(/^[0-9a-f-]{36}$/);

    await createRun(t, { cwd });
    expect(spooled(t)).toHaveLength(1);

    const disable = await runBin('platform', ['telemetry', 'disable'], { cwd, env: t.env });
    expect(disable.stdout).toContain('Usage events are disabled, decided by your choice');
    const after = JSON.parse(readFileSync(t.consentFile, 'utf8')) as Record<string, unknown>;
    expect(after).toMatchObject({ consentVersion: 1, enabled: false });
    expect(after.anonymousId).toBeUndefined();
    expect(existsSync(t.spoolDir)).toBe(false);
  });

  it('says when a higher precedence keeps it off after enable', async () => {
    const t = await telemetryEnv({ extra: { DO_NOT_TRACK: '1' } });
    const result = await runBin('platform', ['telemetry', 'enable'], {
      cwd: await testdir(),
      env: t.env,
    });
    expect(result.stdout).toContain('decided by the environment: DO_NOT_TRACK=1 is set');
    expect(result.stdout).toContain('Your choice is stored');
  });
});
