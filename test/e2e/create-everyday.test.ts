import { existsSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { BACKSPACE, DOWN, ENTER, converse } from '../helpers/pty.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { testdir, writeTree } from '../helpers/testdir.js';

const NAME_HELP = 'Lower-case letters, digits and dashes.';
const DB_HELP = 'Which database the service gets.';
const PATTERN_MESSAGE = 'must be 3 to 40 lower-case letters, digits or dashes';

/** A template whose parameters carry help, and whose package.json asks for a given Node. */
function helpfulCatalog(engines = '>=20') {
  return catalogDir({
    helpful: {
      '1.0.0': {
        manifest: {
          parameters: [
            {
              name: 'name',
              type: 'string',
              prompt: 'Service name',
              required: true,
              pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$',
              patternMessage: PATTERN_MESSAGE,
              help: NAME_HELP,
            },
            {
              name: 'database',
              type: 'enum',
              prompt: 'Database',
              choices: ['none', 'postgres'],
              default: 'none',
              help: DB_HELP,
            },
          ],
        },
        files: {
          'package.json.hbs': `{ "name": "{{name}}", "private": true, "engines": { "node": "${engines}" } }\n`,
          'README.md.hbs': '# {{name}} ({{database}})\n',
        },
      },
    },
  });
}

const answersOf = async (dir: string): Promise<Record<string, unknown>> =>
  (
    JSON.parse(await readFile(path.join(dir, '.platform/service.json'), 'utf8')) as {
      answers: Record<string, unknown>;
    }
  ).answers;

describe('create-service, the everyday path', () => {
  it('defaults the name to the directory on a terminal, with help apart from the default', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), helpfulCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['pay-svc', '--catalog', catalog, '-t', 'helpful', '--no-git', '--no-install'],
      [
        [/Service name/, ENTER],
        [new RegExp(DB_HELP), `${DOWN}${ENTER}`],
      ],
    );
    const text = stripVTControlCharacters(screen);
    expect(code, text).toBe(0);
    // The help is a line of its own; the default is what follows the message in brackets.
    expect(text).toMatch(new RegExp(`^ +${NAME_HELP}\\r?$`, 'm'));
    expect(text).toMatch(/Service name \(pay-svc\)/);
    expect(text).not.toMatch(new RegExp(`\\(${NAME_HELP}\\)`));
    expect(await answersOf(path.join(cwd, 'pay-svc'))).toEqual({
      name: 'pay-svc',
      database: 'postgres',
    });
  }, 60_000);

  it('defaults the name to the directory in CI, and only when it passes the pattern', async () => {
    const cwd = await testdir();
    const ok = await runBin(
      'create-service',
      ['zz1', '-t', 'node-worker', '--no-git', '--no-install'],
      { cwd, env: await isolatedEnv({ CI: 'true' }) },
    );
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect((await answersOf(path.join(cwd, 'zz1'))).name).toBe('zz1');

    const bad = await runBin('create-service', ['Bad_Dir', '-t', 'node-worker', '--no-install'], {
      cwd,
    });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/Missing required answer\(s\): name/);
    expect(existsSync(path.join(cwd, 'Bad_Dir'))).toBe(false);
  }, 60_000);

  it('shows the patternMessage inline when a typed name fails the pattern', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), helpfulCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['Bad_Dir', '--catalog', catalog, '-t', 'helpful', '--no-git', '--no-install'],
      [
        [/Service name/, `ab${ENTER}`],
        [new RegExp(`name ${PATTERN_MESSAGE}`), `${BACKSPACE.repeat(2)}abc${ENTER}`],
        [new RegExp(DB_HELP), ENTER],
      ],
    );
    const text = stripVTControlCharacters(screen);
    expect(code, text).toBe(0);
    expect(text).not.toMatch(/must match \^/);
    expect((await answersOf(path.join(cwd, 'Bad_Dir'))).name).toBe('abc');
  }, 60_000);

  it('suggests the template id the user probably meant', async () => {
    const cwd = await testdir();
    const run = await runBin('create-service', ['out', '-t', 'node-wroker', '--yes'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Unknown template "node-wroker"/);
    expect(run.stderr).toMatch(/Did you mean node-worker\?/);
  });

  it('Ctrl-C during the install ends the spinner line, keeps the render and says what next', async () => {
    const [cwd, catalog, bin] = await Promise.all([testdir(), helpfulCatalog(), testdir()]);
    // An npm that takes its time, so the interrupt lands during the install.
    await writeTree(bin, { npm: '#!/bin/sh\nsleep 20\n' });
    await chmod(path.join(bin, 'npm'), 0o755);
    const { code, screen } = await converse(
      cwd,
      ['svc-a', '--catalog', catalog, '-t', 'helpful', '--yes', '--no-git'],
      [[/Installing dependencies with npm/, '\x03']],
      { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    );
    const text = stripVTControlCharacters(screen);
    expect(code, text).toBe(130);
    expect(text).toMatch(/Installing dependencies with npm \(interrupted\)\r?\n/);
    expect(text).toMatch(/The service stays rendered in svc-a\./);
    expect(text).toMatch(/cd svc-a && npm install/);
    expect(text).not.toMatch(/nothing was left half-written/);
    expect(existsSync(path.join(cwd, 'svc-a/.platform/service.json'))).toBe(true);
  }, 60_000);

  it('says once, at the end, which Node the service needs when the running one does not fit', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), helpfulCatalog('>=99')]);
    const run = await runBin(
      'create-service',
      ['svc-b', '--catalog', catalog, '-t', 'helpful', '--yes', '--no-git', '--no-install'],
      { cwd },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const says = `needs Node.js >=99 (engines.node), and you are running ${process.versions.node}`;
    expect(run.stdout.split(says)).toHaveLength(2);
    expect(run.stdout).toMatch(/nvm install 99/);

    const json = await runBin(
      'create-service',
      [
        'svc-c',
        '--catalog',
        catalog,
        '-t',
        'helpful',
        '--yes',
        '--no-git',
        '--no-install',
        '--json',
      ],
      { cwd },
    );
    expect(JSON.parse(json.stdout).node).toEqual({
      required: '>=99',
      current: process.versions.node,
    });

    const fits = await runBin(
      'create-service',
      [
        'svc-d',
        '--catalog',
        await helpfulCatalog('>=20'),
        '-t',
        'helpful',
        '--yes',
        '--no-git',
        '--no-install',
      ],
      { cwd },
    );
    expect(fits.stdout).not.toMatch(/needs Node\.js/);
  }, 60_000);
});
