import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateAction } from '@action-validator/core';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

const pkg = async () =>
  JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };

const EXACT = ['1.4.2', '2.0.0-rc.1'];
const LOOSE = ['latest', '^1.4.0', '1.x', ''];

describe('the pipelines run the organization’s CLI at an exact version', () => {
  it('action.yml is a valid action whose CLI defaults to this package at this exact version', async () => {
    const text = await readFile(path.join(ROOT, 'action.yml'), 'utf8');
    expect(validateAction(text).errors).toEqual([]);
    const action = parse(text) as {
      inputs: Record<string, { default: string }>;
      runs: { steps: Step[] };
    };
    const { name, version } = await pkg();
    expect(action.inputs['cli-package']?.default).toBe(name);
    // Bumped with the package: run `npm version`, then update the default (a bot does it too).
    expect(String(action.inputs['cli-version']?.default)).toBe(version);
    expect(text).not.toMatch(/npx|@latest|create-service@\$/);
    const checks = action.runs.steps.filter((s) => s.run?.includes('platform check'));
    expect(checks).toHaveLength(2);
    for (const step of checks)
      expect(step.run).toContain('--package "$(cat "$RUNNER_TEMP/platform-cli.spec")"');
  });

  it('action.yml refuses a range or dist-tag before anything runs', async () => {
    const text = await readFile(path.join(ROOT, 'action.yml'), 'utf8');
    const steps = (parse(text) as { runs: { steps: Step[] } }).runs.steps;
    const args = steps.find((s) => s.run?.includes('platform-cli.spec') && s.env?.CLI_VERSION)!;
    const run = async (version: string) => {
      const temp = await testdir();
      const result = await execa('bash', ['-c', args.run!], {
        env: {
          RUNNER_TEMP: temp,
          INPUT_PATH: '.',
          INPUT_FLEET: '',
          INPUT_CATALOGS: '',
          CLI_PACKAGE: '@acme/platform-cli',
          CLI_VERSION: version,
        },
        reject: false,
      });
      const spec = await readFile(path.join(temp, 'platform-cli.spec'), 'utf8').catch(() => null);
      return { exitCode: result.exitCode, stdout: result.stdout, spec };
    };
    for (const version of EXACT)
      expect(await run(version)).toMatchObject({
        exitCode: 0,
        spec: `@acme/platform-cli@${version}`,
      });
    for (const version of LOOSE) {
      const result = await run(version);
      expect(result.exitCode).toBe(1);
      expect(result.spec).toBeNull();
      expect(result.stdout).toContain('::error::cli-version must be an exact version');
    }
  });

  it('the GitLab job pins PLATFORM_CLI_VERSION to this package’s version and refuses ranges', async () => {
    const text = await readFile(path.join(ROOT, 'ci/gitlab/platform-check.yml'), 'utf8');
    const job = (
      parse(text) as Record<string, { variables: Record<string, string>; script: string[] }>
    )['platform-check']!;
    const { name, version } = await pkg();
    expect(job.variables.PLATFORM_CLI_PACKAGE).toBe(name);
    expect(String(job.variables.PLATFORM_CLI_VERSION)).toBe(version);
    expect(text).not.toMatch(/npx|latest/);
    const checks = job.script.filter((line) => line.includes('platform check'));
    expect(checks).toHaveLength(3);
    for (const line of checks)
      expect(line).toContain('--package "${PLATFORM_CLI_PACKAGE}@${PLATFORM_CLI_VERSION}"');
    const guard = job.script.find((line) => line.includes('must be an exact version'))!;
    const run = (v: string) =>
      execa('sh', ['-c', guard], { env: { PLATFORM_CLI_VERSION: v }, reject: false });
    for (const v of EXACT) expect((await run(v)).exitCode).toBe(0);
    for (const v of LOOSE) expect((await run(v)).exitCode).toBe(1);
  });
});
