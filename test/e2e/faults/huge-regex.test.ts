import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../../helpers/catalog.js';
import { BIN, isolatedEnv } from '../../helpers/run-bin.js';
import { testdir } from '../../helpers/testdir.js';
import { snapshot } from '../bad-input/row-runner.js';
import { checkedService } from './checked-service.js';
import { cpuPast } from './process-io.js';

// RE2 syntax that RE2's own limits accept (about 1.3 million instructions): re2js takes about
// 10 s of CPU to compile it, all on the CLI's thread, where Ctrl-C waits for it. It must be
// refused from its text, before any compiling.
const HUGE = '([a-z]{1,1000}[0-9]{1,1000})'.repeat(330);
// A refusal costs a few hundred milliseconds of CPU; compiling HUGE, many seconds.
const COMPILING_CPU_MS = 2500;
const TOO_LARGE = /is too large a regular expression \(about \d+ RE2 instructions, at most \d+\)/;

interface Ended {
  /** False when the command spent COMPILING_CPU_MS of CPU before it ended (then killed). */
  quick: boolean;
  code: number | null;
  /** stdout and stderr. */
  output: string;
}

/** Runs a bin; kills it if it spends more CPU than a refusal could (not wall time: no flake). */
async function runBounded(bin: keyof typeof BIN, args: string[], cwd: string): Promise<Ended> {
  const child = spawn('node', [BIN[bin], ...args], {
    cwd,
    env: await isolatedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await cpuPast(child.pid!, COMPILING_CPU_MS, exited);
  const quick = child.exitCode !== null || child.signalCode !== null;
  if (!quick) child.kill('SIGKILL');
  return { quick, code: await exited, output };
}

describe('a template regex too large to compile quickly', () => {
  it(
    'in a manifest pattern: create-service refuses it at once, exit 2, nothing written',
    {
      timeout: 60_000,
    },
    async () => {
      const [cwd, catalog] = await Promise.all([
        testdir(),
        catalogDir({
          t: {
            '1.0.0': {
              manifest: { parameters: [{ name: 'name', type: 'string', pattern: HUGE }] },
              files: { 'README.md.hbs': '{{name}}\n' },
            },
          },
        }),
      ]);
      const before = await snapshot(cwd);
      const run = await runBounded(
        'create-service',
        ['out', '-t', 't', '--catalog', catalog, '--set', 'name=a1', '--yes', '--no-install'],
        cwd,
      );
      expect(run.quick, 'it compiled the pattern').toBe(true);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toMatch(new RegExp(`parameters\\[0\\]\\.pattern: ${TOO_LARGE.source}`));
      expect(await snapshot(cwd)).toEqual(before);
    },
  );

  it(
    'in a check of the recorded template: platform check refuses the template at once',
    {
      timeout: 60_000,
    },
    async () => {
      const check = {
        id: 'ci.x',
        category: 'ci',
        severity: 'error',
        message: 'm',
        file: 'README.md',
      };
      const { repo, catalog } = await checkedService([{ ...check, contains: 'x' }], {
        'notes.txt': 'n\n',
      });
      // The catalog's template changes after the render: its check becomes huge.
      const manifest = {
        schemaVersion: 1,
        id: 't',
        version: '1.0.0',
        name: 'Template t',
        description: 'The t template.',
        parameters: [{ name: 'name', type: 'string', default: 'x' }],
        checks: [{ ...check, contains: HUGE }],
      };
      await writeFile(path.join(catalog, 't', '1.0.0', 'template.yaml'), stringify(manifest));
      const before = await snapshot(repo);
      const run = await runBounded('platform', ['check', '--catalog', catalog], repo);
      expect(run.quick, 'it compiled the check').toBe(true);
      // As any invalid manifest of the recorded template: a finding, and exit 1.
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(/t@1\.0\.0 is not in any catalog: .*Invalid template manifest/);
      expect(await snapshot(repo)).toEqual(before);
    },
  );

  it(
    'in the version upgraded to: upgrade refuses it at once, exit 2, nothing written',
    { timeout: 60_000 },
    async () => {
      const files = { 'README.md.hbs': '{{name}}\n' };
      const name = { name: 'name', type: 'string', default: 'x' };
      const catalog = await catalogDir({
        t: {
          '1.0.0': { manifest: { parameters: [name] }, files },
          '1.1.0': { manifest: { parameters: [{ ...name, pattern: HUGE }] }, files },
        },
      });
      const parent = await testdir();
      const made = await runBounded(
        'create-service',
        ['svc', '-t', 't@1.0.0', '--catalog', catalog, '--yes', '--no-install'],
        parent,
      );
      expect(made.code, made.output).toBe(0);
      const repo = path.join(parent, 'svc');
      const before = await snapshot(repo);
      const run = await runBounded('platform', ['upgrade', '--catalog', catalog], repo);
      expect(run.quick, 'it compiled the pattern').toBe(true);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toMatch(new RegExp(`parameters\\[0\\]\\.pattern: ${TOO_LARGE.source}`));
      expect(await snapshot(repo)).toEqual(before);
    },
  );

  it(
    'in a template folder: templates validate reports it at once, exit 1',
    {
      timeout: 60_000,
    },
    async () => {
      const catalog = await catalogDir({
        t: {
          '1.0.0': {
            manifest: { parameters: [{ name: 'name', type: 'string', pattern: `^${HUGE}$` }] },
            files: { 'README.md.hbs': '{{name}}\n' },
          },
        },
      });
      const dir = path.join(catalog, 't', '1.0.0');
      const run = await runBounded('platform', ['templates', 'validate', dir], dir);
      expect(run.quick, 'it compiled the pattern').toBe(true);
      // A problem it finds, like a linter: exit 1, as for any other unusable pattern.
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(new RegExp(`parameters\\[0\\]\\.pattern: ${TOO_LARGE.source}`));
    },
  );
});
