import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { testdir } from '../helpers/testdir.js';

async function userEnv(files: Record<string, string> = {}) {
  const home = await testdir(
    Object.fromEntries(Object.entries(files).map(([f, c]) => [`config/platform/${f}`, c])),
  );
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') };
}

describe('loadConfig', () => {
  it('finds the repo file upward and lets it win over the user file', async () => {
    const env = await userEnv({
      'config.yaml':
        'catalogs: [builtin]\nrules:\n  template.outdated: warning\n  files.conflict-markers: info\n',
    });
    const repo = await testdir({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.platformrc.json': JSON.stringify({
        rules: { 'template.outdated': 'error' },
        telemetry: { endpoint: 'https://events.example/v1' },
      }),
      'svc/a/.keep': '',
    });
    const config = await loadConfig({ cwd: path.join(repo, 'svc/a'), env });
    expect(config.rules).toEqual({
      'template.outdated': 'error',
      'files.conflict-markers': 'info',
    });
    // A repo cannot say where usage events go: the value is dropped, with a warning naming it.
    expect(config.telemetry).toEqual({});
    expect(config.warnings).toEqual([
      expect.stringMatching(/^telemetry\.endpoint in .*\.platformrc\.json is ignored/),
    ]);
    expect(config.catalogs).toEqual([
      { source: 'builtin', baseDir: path.join(env.XDG_CONFIG_HOME, 'platform') },
    ]);
    expect(config.origins['rules.template.outdated']).toBe(path.join(repo, '.platformrc.json'));
    expect(config.origins['rules.files.conflict-markers']).toBe(
      path.join(env.XDG_CONFIG_HOME, 'platform/config.yaml'),
    );
  });

  it('reads package.json#platform and the yaml and config-folder names', async () => {
    const env = await userEnv();
    for (const [file, content] of [
      ['package.json', JSON.stringify({ name: 'x', platform: { rules: { 'a.b': 'off' } } })],
      ['.platformrc', 'rules:\n  a.b: off\n'],
      ['.platformrc.yaml', 'rules:\n  a.b: off\n'],
      ['.config/platformrc.json', '{"rules":{"a.b":"off"}}'],
      ['.config/platformrc.yml', 'rules:\n  a.b: off\n'],
      ['platform.config.yml', 'rules:\n  a.b: off\n'],
    ] as const) {
      const repo = await testdir({ [file]: content });
      const config = await loadConfig({ cwd: repo, env });
      expect(config.rules, file).toEqual({ 'a.b': 'off' });
      expect(config.origins['rules.a.b'], file).toBe(path.join(repo, file));
    }
  });

  it('looks past a package.json without a platform key, and finds nothing when there is nothing', async () => {
    const env = await userEnv();
    const repo = await testdir({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'platform.config.json': '{"rules":{"a.b":"off"}}',
      'svc/package.json': JSON.stringify({ name: 'svc' }),
      'elsewhere/package.json': JSON.stringify({ name: 'x' }),
    });
    const found = await loadConfig({ cwd: path.join(repo, 'svc'), env });
    expect(found.origins['rules.a.b']).toBe(path.join(repo, 'platform.config.json'));
    const sibling = await loadConfig({ cwd: path.join(repo, 'elsewhere'), env });
    expect(sibling.origins['rules.a.b']).toBe(path.join(repo, 'platform.config.json'));
    const bare = await testdir({ 'package.json': '{"name":"bare"}' });
    expect(await loadConfig({ cwd: bare, env })).toMatchObject({ files: [], catalogs: [] });
    const broken = await testdir({ 'package.json': '{"name": ' });
    await expect(loadConfig({ cwd: broken, env })).rejects.toMatchObject({ code: 'CONFIG' });
  });

  it('merges an extended preset package under the file that names it', async () => {
    const env = await userEnv();
    const repo = await testdir({
      '.platformrc.json': JSON.stringify({
        extends: '@acme/platform-config',
        rules: { 'template.outdated': 'off' },
      }),
      'node_modules/@acme/platform-config/package.json': JSON.stringify({
        name: '@acme/platform-config',
        main: 'index.json',
      }),
      'node_modules/@acme/platform-config/index.json': JSON.stringify({
        catalogs: ['git+https://git.acme.dev/t.git'],
        rules: { 'template.outdated': 'error', 'secrets.env-committed': 'warning' },
      }),
    });
    const config = await loadConfig({ cwd: repo, env });
    expect(config.rules).toEqual({
      'template.outdated': 'off',
      'secrets.env-committed': 'warning',
    });
    // The preset came in through the repo, so its catalog is not trusted.
    expect(config.catalogs).toEqual([]);
    expect(config.warnings).toEqual([
      expect.stringContaining('"git+https://git.acme.dev/t.git" is not used'),
    ]);
  });

  it('names the file and the key of a bad value', async () => {
    const env = await userEnv();
    const repo = await testdir({
      '.platformrc.json': JSON.stringify({
        telemetry: { endpoint: 'not a url' },
        rules: { 'template.outdated': 'loud' },
      }),
    });
    const error = await loadConfig({ cwd: repo, env }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CONFIG',
      message: `Invalid configuration in ${path.join(repo, '.platformrc.json')}`,
    });
    expect((error as { details: string[] }).details).toEqual([
      'rules.template.outdated: Invalid option: expected one of "off"|"info"|"warning"|"error"',
      'telemetry.endpoint: must be an http(s) URL',
    ]);
  });

  it('reports unreadable files and missing presets', async () => {
    const env = await userEnv();
    const broken = await testdir({ '.platformrc.json': '{ nope' });
    await expect(loadConfig({ cwd: broken, env })).rejects.toThrow(
      /Cannot read .*\.platformrc\.json/,
    );
    const missing = await testdir({ '.platformrc.json': '{"extends":"@acme/nothing"}' });
    await expect(loadConfig({ cwd: missing, env })).rejects.toThrow(
      /extends names "@acme\/nothing", which is not installed/,
    );
  });
});
