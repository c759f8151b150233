import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, isolatedEnv } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { fixtureCatalog } from './fixtures.js';

const ENTER = '\r';
const DOWN = '\x1b[B';
const BACKSPACE = '\x7f';

/**
 * Drives create-service through a real pseudo-terminal (util-linux `script`), answering each
 * prompt when it appears on screen, as a person would.
 */
async function converse(
  cwd: string,
  args: string[],
  steps: [RegExp, string][],
  extraEnv: Record<string, string> = {},
) {
  const command = ['node', BIN['create-service'], ...args].map((a) => `'${a}'`).join(' ');
  const env = {
    ...(await isolatedEnv()),
    TERM: 'xterm-256color',
    COLUMNS: '120',
    LINES: '40',
    ...extraEnv,
  };
  delete (env as Record<string, string | undefined>).NO_COLOR;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let seen = 0;
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const match = pattern.exec(screen.slice(seen));
      if (match) {
        seen += match.index + match[0].length;
        return;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  for (const [pattern, keys] of steps) {
    await waitFor(pattern);
    // eslint-disable-next-line no-control-regex -- keys include escape sequences such as the arrow keys
    for (const key of keys.match(/\x1b\[[A-D]|[\s\S]/g) ?? []) {
      child.stdin.write(key);
      await new Promise((r) => setTimeout(r, 15));
    }
  }
  const code = await exited;
  child.stdin.end();
  return { code, screen };
}

describe('create-service on a terminal', () => {
  it('asks for the template, each parameter by type, and the directory, validating inline', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['--catalog', catalog, '--no-git', '--no-install'],
      [
        [/Which template\?/, ''],
        [/The svc template\./, ENTER],
        [/Service name/, `Bad Name${ENTER}`],
        [/name must match/, `${BACKSPACE.repeat(8)}pty-svc${ENTER}`],
        [/Port/, ENTER],
        [/Database/, `${DOWN}${ENTER}`],
        [/Expose metrics\?/, `n${ENTER}`],
        [/Directory/, ENTER],
      ],
    );
    expect(code, screen).toBe(0);
    expect(stripVTControlCharacters(screen)).toMatch(/svc@1\.1\.0 is ready in pty-svc/);
    const state = JSON.parse(
      await readFile(path.join(cwd, 'pty-svc/.platform/service.json'), 'utf8'),
    );
    expect(state.answers).toEqual({
      name: 'pty-svc',
      port: 8080,
      database: 'postgres',
      metrics: false,
    });
    expect(existsSync(path.join(cwd, 'pty-svc/deploy/postgres/secret.yaml'))).toBe(true);
  }, 60_000);

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['out', '--catalog', catalog, '-t', 'svc', '--no-git', '--no-install'],
      [[/Service name/, '\x03']],
    );
    expect(code, screen).toBe(130);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  }, 60_000);

  it('never prompts with --yes, even on a terminal', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['out', '--catalog', catalog, '-t', 'svc', '--yes', '--no-git', '--no-install'],
      [],
    );
    expect(code).toBe(2);
    expect(screen).toMatch(/Missing required answer\(s\): name/);
  }, 60_000);

  it('never prompts in CI, even on a terminal', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['out', '--catalog', catalog, '-t', 'svc', '--no-git', '--no-install'],
      [],
      { CI: 'true' },
    );
    expect(code).toBe(2);
    expect(screen).toMatch(/Missing required answer\(s\): name/);
  }, 60_000);
});
