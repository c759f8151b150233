import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BACKSPACE, DOWN, ENTER, converse } from '../helpers/pty.js';
import { testdir } from '../helpers/testdir.js';
import { fixtureCatalog } from './fixtures.js';

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
      // Not a valid name, so the directory cannot stand in for the missing answer.
      ['Out_Dir', '--catalog', catalog, '-t', 'svc', '--yes', '--no-git', '--no-install'],
      [],
    );
    expect(code).toBe(2);
    expect(screen).toMatch(/Missing required answer\(s\): name/);
  }, 60_000);

  it('never prompts in CI, even on a terminal', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const { code, screen } = await converse(
      cwd,
      ['Out_Dir', '--catalog', catalog, '-t', 'svc', '--no-git', '--no-install'],
      [],
      { CI: 'true' },
    );
    expect(code).toBe(2);
    expect(screen).toMatch(/Missing required answer\(s\): name/);
  }, 60_000);
});
