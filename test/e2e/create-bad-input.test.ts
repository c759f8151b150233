import { readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { fixtureCatalog } from './fixtures.js';

/** Runs create-service in a fresh folder and returns the result plus what the folder holds after. */
async function attempt(args: string[], files: Record<string, string> = {}, catalog?: string) {
  const cwd = await testdir(files);
  const before = (await readdir(cwd)).sort();
  const run = await runBin(
    'create-service',
    [...args, '--catalog', catalog ?? (await fixtureCatalog()), '--no-install'],
    { cwd },
  );
  const after = (await readdir(cwd)).sort();
  return { ...run, before, after, cwd };
}

describe('create-service refuses bad input with exit 2 and writes nothing', () => {
  it.each([
    [
      'an unknown template',
      ['out', '-t', 'nope', '--yes'],
      /Unknown template "nope"/,
      /Available: (.+, )?node-http-service, (.+, )?svc\b/,
    ],
    [
      'an unknown version',
      ['out', '-t', 'svc@^2', '--yes'],
      /No version of svc matches "\^2"/,
      /Released versions: 1\.1\.0, 1\.0\.0/,
    ],
    [
      'a bad range',
      ['out', '-t', 'svc@latest!', '--yes'],
      /is not a semver version or range/,
      /node-http-service@1\.1\.0/,
    ],
    [
      'an answer failing its pattern',
      ['out', '-t', 'svc', '--set', 'name=Bad_Name'],
      /name: must match/,
      /Fix the values/,
    ],
    [
      'an answer of the wrong type',
      ['out', '-t', 'svc', '--set', 'name=okay', '--set', 'port=eighty'],
      /port: must be a number \(got "eighty"\)/,
      /Fix/,
    ],
    [
      'an answer outside the choices',
      ['out', '-t', 'svc', '--set', 'name=okay', '--set', 'database=mysql'],
      /database: must be one of: none, postgres/,
      /Fix/,
    ],
    [
      'an unknown parameter',
      ['out', '-t', 'svc', '--set', 'name=okay', '--set', 'colour=red'],
      /Unknown parameter\(s\): colour/,
      /parameters are: name, port/,
    ],
    [
      'a --set without =',
      ['out', '-t', 'svc', '--set', 'name'],
      /--set name: expected key=value/,
      /--set name=orders/,
    ],
    [
      'a missing required answer (the folder name is no valid name)',
      ['Out_Dir', '-t', 'svc', '--yes'],
      /Missing required answer\(s\): name/,
      /--set name=<string>/,
    ],
    [
      'no template when not interactive',
      ['out', '--yes'],
      /No template given/,
      /--template <id>; available: svc/,
    ],
    ['an unknown flag', ['out', '--bogus'], /unknown option '--bogus'/, /create-service --help/],
    [
      'a missing answers file',
      ['out', '-t', 'svc', '--answers', 'nope.json'],
      /Cannot read the answers file/,
      /--answers/,
    ],
  ])('%s', async (_name, args, message, hint) => {
    const run = await attempt(args);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(hint);
    expect(run.stdout).toBe('');
    expect(run.after).toEqual(run.before);
  });

  it('a malformed answers file, JSON or YAML', async () => {
    for (const [file, content] of [
      ['a.json', '{"name": '],
      ['a.yaml', 'name: [unclosed'],
      ['b.yaml', '- a list'],
    ]) {
      const run = await attempt(['out', '-t', 'svc', '--answers', file!], { [file!]: content! });
      expect(run.exitCode, file).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(
          `The answers file ${file!.replace('.', '\\.')} (is malformed|must hold an object)`,
        ),
      );
      expect(run.after).toEqual(run.before);
    }
  });

  it('a manifest that fails its schema, naming the field', async () => {
    const catalog = await catalogDir({
      broken: { '1.0.0': { manifest: { parameters: [{ name: 'port', type: 'integer' }] } } },
    });
    const run = await attempt(['out', '-t', 'broken', '--yes'], {}, catalog);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Invalid template manifest .*broken\/1\.0\.0\/template\.yaml/);
    expect(run.stderr).toMatch(/parameters\[0\]\.type: Invalid option/);
    expect(run.after).toEqual(run.before);
  });

  it('a template that uses an undeclared variable, even in an untaken branch', async () => {
    const catalog = await catalogDir({
      typo: { '1.0.0': { files: { 'a.txt.hbs': '{{#if false}}{{nmae}}{{/if}}' } } },
    });
    const run = await attempt(['out', '-t', 'typo', '--yes'], {}, catalog);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/typo@1\.0\.0 uses undeclared variables/);
    expect(run.stderr).toMatch(/files\/a\.txt\.hbs:1: \{\{nmae\}\} is not a declared parameter/);
    expect(run.after).toEqual(run.before);
  });

  it('a target that is a file, or a non-empty folder without --force', async () => {
    const file = await attempt(['out', '-t', 'svc', '--set', 'name=okay'], { out: 'a file' });
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toMatch(/out exists and is not a folder/);
    const full = await attempt(['out', '-t', 'svc', '--set', 'name=okay'], { 'out/x': 'y' });
    expect(full.exitCode).toBe(2);
    expect(full.stderr).toMatch(/out is not empty/);
    expect(await readdir(path.join(full.cwd, 'out'))).toEqual(['x']);
  });

  it('a rendered path that escapes the target', async () => {
    const catalog = await catalogDir({
      esc: {
        '1.0.0': {
          manifest: { parameters: [{ name: 'dir', type: 'string', default: '..' }] },
          files: { '{{dir}}/evil.txt': 'x' },
        },
      },
    });
    const run = await attempt(['sub/out', '-t', 'esc', '--yes'], {}, catalog);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /files\/\{\{dir\}\}\/evil\.txt renders to "\.\.\/evil\.txt": the path leads out of the target/,
    );
    expect(run.after).toEqual(run.before);
  });

  it('a template link, or a link in the target, that leads out', async () => {
    const catalog = await catalogDir({ lnk: { '1.0.0': { files: { 'ok.txt': 'x' } } } });
    await symlink('../../../../etc/passwd', path.join(catalog, 'lnk/1.0.0/files/passwd'));
    const run = await attempt(['out', '-t', 'lnk', '--yes'], {}, catalog);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/the link .* leads out of the target/);

    const outside = await testdir();
    const sub = await catalogDir({ sub: { '1.0.0': { files: { 'src/a.txt': 'x' } } } });
    const cwd = await testdir({ 'out/README': 'existing' });
    await symlink(outside, path.join(cwd, 'out/src'));
    const forced = await runBin(
      'create-service',
      ['out', '--catalog', sub, '-t', 'sub', '--yes', '--force', '--no-git'],
      { cwd },
    );
    expect(forced.exitCode).toBe(2);
    expect(forced.stderr).toMatch(/src in the target is a link that leads out of it/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('errors are one JSON document with --json', async () => {
    const run = await attempt(['out', '-t', 'nope', '--yes', '--json']);
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      schemaVersion: 1,
      error: {
        code: 'TEMPLATE_NOT_FOUND',
        message: 'Unknown template "nope"',
        hint: expect.stringMatching(/^Available: .*svc\. See `platform templates list`\.$/),
        details: [],
      },
    });
    const usage = await attempt(['out', '--bogus', '--json']);
    expect(usage.exitCode).toBe(2);
    expect(JSON.parse(usage.stdout).error).toMatchObject({
      code: 'USAGE',
      message: "unknown option '--bogus'",
    });
  });
});
