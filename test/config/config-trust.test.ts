import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { redactEndpoint } from '../../src/telemetry/redact-endpoint.js';
import { testdir, writeTree } from '../helpers/testdir.js';

async function userEnv(files: Record<string, string> = {}) {
  const home = await testdir(
    Object.fromEntries(Object.entries(files).map(([f, c]) => [`config/platform/${f}`, c])),
  );
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') };
}

const marker = (dir: string) =>
  `require('node:fs').writeFileSync(${JSON.stringify(path.join(dir, 'RAN'))}, '');\nmodule.exports = { rules: { 'a.b': 'off' } };\n`;

describe('repo configuration is data', () => {
  it('stops at the repo root and names, without running, the code configs inside it', async () => {
    const env = await userEnv();
    const outer = await testdir({ 'platform.config.json': '{"rules":{"above.root":"off"}}' });
    const repo = path.join(outer, 'repo');
    await writeTree(repo, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.platformrc.cjs': marker(outer),
      'svc/platform.config.mjs': marker(outer),
      'svc/.config/platformrc.js': marker(outer),
    });
    const config = await loadConfig({ cwd: path.join(repo, 'svc'), env });
    expect(existsSync(path.join(outer, 'RAN'))).toBe(false);
    expect(config.files).toEqual([]);
    expect(config.rules).toEqual({});
    expect(config.warnings.map((w) => w.split(' is not loaded')[0])).toEqual([
      path.join(repo, 'svc/.config/platformrc.js'),
      path.join(repo, 'svc/platform.config.mjs'),
      path.join(repo, '.platformrc.cjs'),
    ]);
    expect(config.warnings[0]).toContain('Convert it to JSON or YAML');
  });

  it("runs a code config from the user's own folder", async () => {
    const env = await userEnv();
    await writeTree(path.join(env.XDG_CONFIG_HOME, 'platform'), {
      'config.cjs': marker(env.HOME),
    });
    const config = await loadConfig({ cwd: await testdir(), env });
    expect(config.rules).toEqual({ 'a.b': 'off' });
    expect(existsSync(path.join(env.HOME, 'RAN'))).toBe(true);
  });

  it('refuses a preset that resolves to code', async () => {
    const env = await userEnv();
    const repo = await testdir({
      '.platformrc.json': '{"extends":"@acme/preset"}',
      'node_modules/@acme/preset/package.json': '{"name":"@acme/preset","main":"index.js"}',
      'node_modules/@acme/preset/index.js': marker('/nonexistent'),
    });
    await expect(loadConfig({ cwd: repo, env })).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('code, and a preset is data only'),
    });
  });
});

describe('what a repo may not decide', () => {
  it('can turn usage events off but not on, and cannot set the endpoint or format', async () => {
    const env = await userEnv({
      'config.json': JSON.stringify({
        telemetry: { enabled: false, endpoint: 'https://user.example/e', format: 'otlp' },
      }),
    });
    const on = await testdir({
      '.platformrc.json': JSON.stringify({
        telemetry: { enabled: true, endpoint: 'https://repo.example/e', format: 'json' },
      }),
    });
    const config = await loadConfig({ cwd: on, env });
    expect(config.telemetry).toEqual({
      enabled: false,
      endpoint: 'https://user.example/e',
      format: 'otlp',
    });
    expect(config.warnings.map((w) => w.split(' in ')[0])).toEqual([
      'telemetry.enabled',
      'telemetry.endpoint',
      'telemetry.format',
    ]);
    const off = await testdir({ '.platformrc.yaml': 'telemetry:\n  enabled: false\n' });
    const plain = await userEnv();
    expect((await loadConfig({ cwd: off, env: plain })).telemetry).toEqual({ enabled: false });
  });

  it('takes the endpoint from the environment over the user file, and validates it', async () => {
    const env = await userEnv({
      'config.yaml': 'telemetry:\n  endpoint: https://user.example/e\n',
    });
    const dir = await testdir();
    const config = await loadConfig({
      cwd: dir,
      env: { ...env, PLATFORM_TELEMETRY_ENDPOINT: 'https://env.example/e' },
    });
    expect(config.telemetry.endpoint).toBe('https://env.example/e');
    expect(config.origins['telemetry.endpoint']).toBe('PLATFORM_TELEMETRY_ENDPOINT (environment)');
    const bad = loadConfig({
      cwd: dir,
      env: { ...env, PLATFORM_TELEMETRY_ENDPOINT: 'ftp://u:hunter2@x/' },
    });
    await expect(bad).rejects.toMatchObject({
      code: 'CONFIG',
      message: 'PLATFORM_TELEMETRY_ENDPOINT is not an http(s) URL: ftp://***:***@x/',
    });
  });

  it('keeps only the catalogs the user trusts from a repo list', async () => {
    const env = await userEnv({
      'config.json': '{"catalogs":["builtin","git+https://git.acme.dev/t.git"]}',
    });
    const repo = await testdir({
      '.platformrc.json': JSON.stringify({
        catalogs: ['git+https://git.acme.dev/t.git', './templates', 'git+https://evil.example/t'],
      }),
    });
    const config = await loadConfig({ cwd: repo, env });
    expect(config.catalogs.map((c) => c.source)).toEqual(['git+https://git.acme.dev/t.git']);
    expect(config.trustedCatalogs.map((c) => c.source)).toEqual([
      'builtin',
      'git+https://git.acme.dev/t.git',
    ]);
    expect(config.warnings).toEqual([
      expect.stringContaining('"./templates" is not used'),
      expect.stringContaining('"git+https://evil.example/t" is not used'),
    ]);
    expect(config.warnings[1]).toContain('catalogs: ["git+https://evil.example/t"]');
  });
});

describe('redactEndpoint', () => {
  it.each([
    [
      'https://u:p@events.example/v1?token=abc&region=eu',
      'https://***:***@events.example/v1?token=***&region=eu',
    ],
    [
      'https://events.example/v1?api_key=1&X-Amz-Signature=2&sig=3',
      'https://events.example/v1?api_key=***&X-Amz-Signature=***&sig=***',
    ],
    ['https://events.example/v1', 'https://events.example/v1'],
    ['not a url with secret', '***'],
  ])('%s', (input, shown) => {
    expect(redactEndpoint(input)).toBe(shown);
  });
});
