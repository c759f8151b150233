import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { telemetryEnv, type TelemetryEnv } from './telemetry-env.js';

const QUESTION = 'Send anonymous usage events?';

/** Runs a bin on a real pseudo-terminal (util-linux `script`), typing `keys` after a moment. */
async function onTerminal(t: TelemetryEnv, args: string[], keys: string) {
  const command = ['node', BIN.platform, ...args].map((a) => `'${a}'`).join(' ');
  const child = execa('script', ['-qec', command, '/dev/null'], {
    cwd: await testdir(),
    env: { ...t.env, SHELL: '/bin/sh', TERM: 'xterm' },
    extendEnv: false,
    reject: false,
    timeout: 20_000,
  });
  const typing = setTimeout(() => child.stdin?.write(keys), 1500);
  const result = await child;
  clearTimeout(typing);
  return result.stdout;
}

describe('the consent question', () => {
  it('is asked once on an interactive terminal, defaults to No, and is stored with its version', async () => {
    const t = await telemetryEnv();
    const output = await onTerminal(t, ['templates', 'list'], '\r');
    expect(output).toContain(QUESTION);
    expect(output).toContain('(y/N)');
    expect(JSON.parse(readFileSync(t.consentFile, 'utf8'))).toMatchObject({
      consentVersion: 1,
      enabled: false,
    });
    const again = await onTerminal(t, ['templates', 'list'], '\r');
    expect(again).not.toContain(QUESTION);
  });

  it('a yes is stored with fresh anonymous ids', async () => {
    const t = await telemetryEnv();
    const output = await onTerminal(t, ['templates', 'list'], 'y\r');
    expect(output).toContain(QUESTION);
    const stored = JSON.parse(readFileSync(t.consentFile, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ consentVersion: 1, enabled: true });
    expect(stored.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is never asked in CI, even on a terminal', async () => {
    const t = await telemetryEnv({ extra: { CI: 'true' } });
    const output = await onTerminal(t, ['templates', 'list'], '\r');
    expect(output).toContain('node-http-service');
    expect(output).not.toContain(QUESTION);
    expect(existsSync(t.consentFile)).toBe(false);
  });

  it('is never asked with --json or an env opt-out', async () => {
    for (const [args, extra] of [
      [['templates', 'list', '--json'], {}],
      [['templates', 'list'], { DO_NOT_TRACK: '1' }],
    ] as const) {
      const t = await telemetryEnv({ extra });
      const output = await onTerminal(t, [...args], '\r');
      expect(output).not.toContain(QUESTION);
      expect(existsSync(t.consentFile)).toBe(false);
    }
  });

  it('is never asked when stdin is not a terminal', async () => {
    const t = await telemetryEnv();
    const result = await runBin('platform', ['templates', 'list'], {
      cwd: await testdir(),
      env: t.env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(QUESTION);
    expect(existsSync(t.consentFile)).toBe(false);
    expect(existsSync(t.spoolDir)).toBe(false);
  });
});
