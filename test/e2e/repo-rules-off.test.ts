import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir, writeTree } from '../helpers/testdir.js';

// The trust model lets a repo set its own rule levels, `off` included. On a pull request that
// weakens the check reviewing it, so every report names the rules a repo turned off and where.

const OFF = ['files.managed-modified', 'secrets.leaked-credential'];

async function serviceWithRulesOff() {
  const catalog = await catalogDir({
    t: {
      '1.0.0': {
        manifest: {
          parameters: [{ name: 'name', type: 'string', default: 'x' }],
          files: { managed: ['Dockerfile'] },
        },
        files: { Dockerfile: 'FROM node:24\n', 'README.md.hbs': '# {{name}}\n' },
      },
    },
  });
  const [parent, env] = await Promise.all([testdir(), isolatedEnv()]);
  const made = await runBin(
    'create-service',
    ['svc', '-t', 't', '--catalog', catalog, '--yes', '--no-install'],
    { cwd: parent, env },
  );
  expect(made.exitCode, made.stderr).toBe(0);
  const repo = path.join(parent, 'svc');
  await writeTree(repo, {
    Dockerfile: 'FROM node:latest\n',
    'src/keys.ts': `export const key = 'AKIA${'A'.repeat(16)}';\n`,
    '.platformrc.json': JSON.stringify({ rules: Object.fromEntries(OFF.map((r) => [r, 'off'])) }),
  });
  gitSync(repo, 'add', '--all');
  gitSync(repo, 'commit', '--quiet', '-m', 'turn the checks off');
  // The user's own choice is not the repo's: it is not listed.
  await mkdir(path.join(env.XDG_CONFIG_HOME!, 'platform'), { recursive: true });
  await writeFile(
    path.join(env.XDG_CONFIG_HOME!, 'platform', 'config.json'),
    JSON.stringify({ rules: { 'deps.lockfile-missing': 'off' } }),
  );
  const check = (...args: string[]) =>
    runBin('platform', ['check', '--catalog', catalog, ...args], { cwd: repo, env });
  return { check };
}

describe('rules a repo config turned off are shown in every report', () => {
  it('text, JSON and SARIF name them and the file', async () => {
    const { check } = await serviceWithRulesOff();

    const text = await check();
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      "off: files.managed-modified, secrets.leaked-credential (turned off by the repo's .platformrc.json)",
    );
    expect(text.stdout).not.toMatch(/deps\.lockfile-missing/);

    const json = await check('--format', 'json');
    const [repo] = (JSON.parse(json.stdout) as { repos: { rulesOff: unknown }[] }).repos;
    expect(repo!.rulesOff).toEqual(OFF.map((rule) => ({ rule, file: '.platformrc.json' })));

    const sarif = await check('--format', 'sarif');
    const run = (
      JSON.parse(sarif.stdout) as {
        runs: { invocations: { ruleConfigurationOverrides: unknown[] }[] }[];
      }
    ).runs[0]!;
    expect(run.invocations[0]!.ruleConfigurationOverrides).toEqual(
      OFF.map((id) => ({
        descriptor: { id },
        configuration: { enabled: false },
        properties: { repo: '.', file: '.platformrc.json' },
      })),
    );

    const markdown = await check('--format', 'markdown');
    expect(markdown.stdout).toContain(
      "Turned off by the repo's `.platformrc.json`: `files.managed-modified`, `secrets.leaked-credential`",
    );
  });
});
