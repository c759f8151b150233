import { describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitdir, testdir } from '../helpers/testdir.js';

describe('messages on the everyday path', () => {
  it('a config error names the file to edit, not a command that fails the same way', async () => {
    const repo = await gitdir({
      '.platformrc.json': '{ "rules": { "files.managed-modified": "loud" } }\n',
    });
    const result = await runBin('platform', ['doctor'], { cwd: repo });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toMatch(/config print/);
    const lines = result.stderr.trim().split('\n');
    const hint = lines.findIndex((l) =>
      /→ Edit .*\.platformrc\.json and fix the keys named below/.test(l),
    );
    const detail = lines.findIndex((l) => /^\s+- .*rules/.test(l));
    // The hint introduces the list, so it comes first.
    expect(hint).toBeGreaterThan(0);
    expect(detail).toBeGreaterThan(hint);
  });

  it('telemetry status does not offer to opt out when usage events are off', async () => {
    const cwd = await testdir();
    const byEnv = await runBin('platform', ['telemetry', 'status'], { cwd });
    expect(byEnv.stdout).toMatch(/Usage events are disabled/);
    expect(byEnv.stdout).not.toMatch(/Opt out/);
    const env = await isolatedEnv();
    delete env.PLATFORM_TELEMETRY_DISABLED;
    const byDefault = await runBin('platform', ['telemetry', 'status'], { cwd, env });
    expect(byDefault.stdout).not.toMatch(/Opt out/);
    expect(byDefault.stdout).toMatch(/Opt in: `platform telemetry enable`/);
    const enabled = await runBin('platform', ['telemetry', 'enable'], { cwd, env });
    expect(enabled.stdout).toMatch(/Opt out: `platform telemetry disable`/);
  });
});
