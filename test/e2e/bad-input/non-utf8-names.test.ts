import { writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../../helpers/catalog.js';
import { isolatedEnv, runBin, type RunResult } from '../../helpers/run-bin.js';
import { gitSync, testdir, writeTree } from '../../helpers/testdir.js';
import { snapshot } from './row-runner.js';

// File names are bytes. One that is not UTF-8 (a Latin-1 name from an old archive) decodes to
// a different name that opens nothing: a template holding one is exit 2 naming it, and a repo
// holding one is checked without a crash, its name shown with \xNN escapes.

const NAME = [{ name: 'name', type: 'string', default: 'orders' }];
const BAD = Buffer.from([0x62, 0x61, 0x64, 0x2d, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]); // bad-\xff\xfe.txt
const SHOWN = /files\/bad-\\xff\\xfe\.txt in the template .*: the file name is not valid UTF-8/;

/** Writes a file whose name is `name`'s bytes inside `dir`. */
function writeBytesName(dir: string, name: Buffer, content: string): void {
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name]), content);
}

/** A dir catalog `t@1.0.0` whose files/ holds a name that is not UTF-8. */
async function badCatalog(): Promise<string> {
  const catalog = await catalogDir({
    t: { '1.0.0': { manifest: { parameters: NAME }, files: { 'README.md.hbs': '# {{name}}\n' } } },
  });
  writeBytesName(path.join(catalog, 't/1.0.0/files'), BAD, 'x\n');
  return catalog;
}

/** A service rendered from `t@1.0.0` of `catalog`, committed, with its isolated env. */
async function scaffold(
  catalog: string,
): Promise<{ service: string; env: Record<string, string> }> {
  const [parent, env] = await Promise.all([testdir(), isolatedEnv()]);
  const made = await runBin(
    'create-service',
    ['svc', '-t', 't@1.0.0', '--catalog', catalog, '--yes', '--no-install'],
    { cwd: parent, env },
  );
  expect(made.exitCode, made.stderr).toBe(0);
  return { service: path.join(parent, 'svc'), env };
}

function expectNamedExit2(run: RunResult): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.exitCode, output).toBe(2);
  expect(run.stderr).toMatch(SHOWN);
  expect(run.stderr).toMatch(/→ Rename it to a UTF-8 name/);
  expect(output).not.toMatch(/Internal error|this is a bug/);
}

describe('a template file name that is not UTF-8 is exit 2, naming it', () => {
  it('create-service from a folder catalog writes nothing', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), badCatalog()]);
    const run = await runBin(
      'create-service',
      ['out', '-t', 't', '--catalog', catalog, '--yes', '--no-install'],
      { cwd },
    );
    expectNamedExit2(run);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('templates validate cannot run on it', async () => {
    const catalog = await badCatalog();
    const run = await runBin('platform', ['templates', 'validate', path.join(catalog, 't/1.0.0')], {
      cwd: catalog,
    });
    expectNamedExit2(run);
  });

  it('create-service from a git catalog tag', async () => {
    const repo = await testdir();
    gitSync(repo, 'init', '--quiet');
    await writeTree(repo, {
      't/template.yaml': 'schemaVersion: 1\nid: t\nversion: 1.0.0\nname: T\ndescription: d\n',
      't/files/README.md': '# t\n',
    });
    writeBytesName(path.join(repo, 't/files'), BAD, 'x\n');
    gitSync(repo, 'add', '--all');
    gitSync(repo, 'commit', '--quiet', '-m', 't 1.0.0');
    gitSync(repo, 'tag', 't@1.0.0');
    const cwd = await testdir();
    const run = await runBin(
      'create-service',
      ['out', '-t', 't', '--catalog', `git+file://${repo}`, '--yes', '--no-install'],
      { cwd },
    );
    expectNamedExit2(run);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('upgrade to a version holding one changes nothing', async () => {
    const catalog = await catalogDir({
      t: {
        '1.0.0': { manifest: { parameters: NAME }, files: { 'README.md.hbs': '# {{name}}\n' } },
        '1.1.0': { manifest: { parameters: NAME }, files: { 'README.md.hbs': '# {{name}}!\n' } },
      },
    });
    writeBytesName(path.join(catalog, 't/1.1.0/files'), BAD, 'x\n');
    const { service, env } = await scaffold(catalog);
    const before = await snapshot(service);
    const run = await runBin('platform', ['upgrade', '--catalog', catalog], { cwd: service, env });
    expectNamedExit2(run);
    expect(await snapshot(service)).toEqual(before);
    expect(gitSync(service, 'status', '--porcelain')).toBe('');
  });
});

describe('a tracked file name that is not UTF-8 in a checked repo', () => {
  it('is reported with \\xNN escapes and a note that its content was not read', async () => {
    const catalog = await catalogDir({
      t: {
        '1.0.0': { manifest: { parameters: NAME }, files: { 'README.md.hbs': '# {{name}}\n' } },
      },
    });
    const { service, env } = await scaffold(catalog);
    // A committed .env under a Latin-1 name: the name-based rule still sees it.
    writeBytesName(service, Buffer.from([0x6f, 0x6c, 0x64, 0xe9, 0x2e, 0x65, 0x6e, 0x76]), 'A=1\n');
    gitSync(service, 'add', '--all');
    gitSync(service, 'commit', '--quiet', '-m', 'latin-1 name');

    const text = await runBin('platform', ['check', '--catalog', catalog], { cwd: service, env });
    expect(text.exitCode, text.stderr).toBe(1);
    expect(text.stdout).toMatch(
      /old\\xe9\.env A \.env file is tracked by git.*\[secrets\.env-committed\]/,
    );
    expect(text.stdout).toMatch(
      /note: not read: old\\xe9\.env: the file name is not valid UTF-8 .*rename it \(`git mv`\)/,
    );
    expect(text.stderr).not.toMatch(/Internal error|this is a bug/);

    const json = await runBin('platform', ['check', '--catalog', catalog, '--format', 'json'], {
      cwd: service,
      env,
    });
    expect(json.exitCode, json.stderr).toBe(1);
    const [repo] = (
      JSON.parse(json.stdout) as {
        repos: { findings: { ruleId: string; file?: string }[]; notes: string[] }[];
      }
    ).repos;
    expect(repo!.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'secrets.env-committed', file: 'old\\xe9.env' }),
    );
    expect(repo!.notes.join('\n')).toMatch(/not read: old\\xe9\.env/);
  });
});
