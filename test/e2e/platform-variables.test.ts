import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { isolatedEnv, ROOT, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';

const CI_SOURCE = [
  'run: npx --yes -p {{@platform.cli.package}}@{{@platform.cli.version}} platform check{{#if @platform.template.catalog}} --catalog {{@platform.template.catalog}}{{/if}}',
  'template: {{@platform.template.id}}@{{@platform.template.version}}',
  '',
].join('\n');

const catalog = () =>
  catalogDir({
    pinned: {
      '1.0.0': {
        manifest: {
          parameters: [
            { name: 'name', type: 'string', required: true },
            {
              name: 'port',
              type: 'number',
              default: 8080,
              integer: true,
              min: 1,
              max: 65535,
            },
          ],
          files: { managed: ['ci.yml'] },
        },
        files: { 'ci.yml.hbs': CI_SOURCE, 'port.txt.hbs': '{{port}}\n' },
      },
    },
  });

const cliVersion = async () =>
  (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;

describe('reserved @platform variables', () => {
  it('pins the configured cli.package at this exact version, and re-renders name the recorded CLI', async () => {
    const [cwd, templates, version] = await Promise.all([
      testdir({ '.platformrc.json': '{"cli":{"package":"@acme/platform-cli"}}' }),
      catalog(),
      cliVersion(),
    ]);
    const env = await isolatedEnv();
    const run = await runBin(
      'create-service',
      ['svc', '-t', 'pinned', '--set', 'name=svc', '--catalog', templates, '--no-install'],
      { cwd, env },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = path.join(cwd, 'svc');
    const ci = await readFile(path.join(dir, 'ci.yml'), 'utf8');
    // A local folder catalog means nothing on a CI runner, so no --catalog is rendered.
    expect(ci).toBe(
      `run: npx --yes -p @acme/platform-cli@${version} platform check\ntemplate: pinned@1.0.0\n`,
    );
    const stateFile = path.join(dir, '.platform/service.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as { cli: string };
    expect(state.cli).toBe(`@acme/platform-cli@${version}`);

    // A service rendered by an older CLI keeps naming it: the drift check's re-render (here
    // the one `doctor --fix` restores from) uses the CLI the state file records.
    await writeFile(stateFile, JSON.stringify({ ...state, cli: '@acme/platform-cli@0.0.9' }));
    await writeFile(path.join(dir, 'ci.yml'), 'edited\n');
    gitSync(dir, 'commit', '-qam', 'older CLI, edited CI');
    const fix = await runBin('platform', ['doctor', '--fix'], { cwd: dir, env });
    expect(fix.exitCode, fix.stderr + fix.stdout).toBe(0);
    expect(await readFile(path.join(dir, 'ci.yml'), 'utf8')).toContain(
      'npx --yes -p @acme/platform-cli@0.0.9 platform check\n',
    );
  });

  it('refuses numbers outside min, max and integer with exit 2, naming the bound', async () => {
    const templates = await catalog();
    const cwd = await testdir({ '.platformrc.json': JSON.stringify({ catalogs: [templates] }) });
    const createWithPort = (port: string) =>
      runBin(
        'create-service',
        ['svc', '-t', 'pinned', '--set', 'name=svc', '--set', `port=${port}`, '--no-install'],
        { cwd },
      );
    for (const [port, message] of [
      ['70000', 'port: must be at most 65535'],
      ['0', 'port: must be at least 1'],
      ['-1', 'port: must be at least 1'],
      ['8080.5', 'port: must be a whole number'],
    ] as const) {
      const run = await createWithPort(port);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(message);
      expect(existsSync(path.join(cwd, 'svc'))).toBe(false);
    }
    const ok = await createWithPort('65535');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'svc/port.txt'), 'utf8')).toBe('65535\n');
  });
});
