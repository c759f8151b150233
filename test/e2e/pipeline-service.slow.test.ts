// Slow suite: the newest version of each built-in template in use, as a team's CI uses it:
// `npm ci` on the lockfile the first commit holds, and again after `platform upgrade --commit`
// from the first released version and from the one before the newest, followed by the
// service's own tests and build. The upgrade from the first version is also the one of every
// built-in from its first to its newest version: one install, test and build serves both.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinVersions } from '../helpers/builtin-templates.js';
import { NPM_CACHE_ENV, ensureNodeMajor, envWithNode } from '../helpers/node-runtime.js';
import {
  SERVICE_NODE_MAJOR,
  newestBuiltins,
  renderService,
  serviceEnv,
} from '../helpers/newest-render.js';
import { runBin } from '../helpers/run-bin.js';
import { gitSync } from '../helpers/testdir.js';
import { recordedVersion, type UpgradeDoc } from '../upgrade/upgrade-helpers.js';

const MINUTE = 60_000;
/** The first released version of every built-in template, where an upgrade starts from. */
const FIRST_VERSION = '1.0.0';
/** Each newest built-in with the versions an upgrade starts from: the first and the previous. */
const UPGRADES = newestBuiltins().flatMap(({ id, version }) =>
  [...new Set([FIRST_VERSION, builtinVersions(id)[1]])]
    .filter((from): from is string => from !== undefined && from !== version)
    .map((from) => ({ id, from, version })),
);
let env: Record<string, string> = {};

beforeAll(async () => {
  env = envWithNode(await ensureNodeMajor(SERVICE_NODE_MAJOR), NPM_CACHE_ENV);
}, 5 * MINUTE);

/** Runs npm in `dir` as CI would: the services' Node first on PATH, no TTY. */
function npm(dir: string, args: string[]) {
  return execa('npm', args, {
    cwd: dir,
    env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
}

/** Removes what an install left, so `npm ci` starts from the committed files only. */
function clean(dir: string): void {
  gitSync(dir, 'clean', '-fdxq');
}

describe.each(newestBuiltins())('$id@$version in use (ci=github)', ({ id, version }) => {
  let dir = '';
  beforeAll(async () => {
    dir = await renderService({ id, version, ci: 'github' });
  }, 6 * MINUTE);

  it('has its lockfile in the first commit', () => {
    expect(gitSync(dir, 'ls-files', 'package-lock.json')).toBe('package-lock.json');
    expect(gitSync(dir, 'status', '--porcelain')).toBe('');
  });

  it(
    'installs with npm ci from its lockfile',
    async () => {
      clean(dir);
      const ci = await npm(dir, ['ci', '--no-audit', '--no-fund']);
      expect(ci.exitCode, ci.all).toBe(0);
    },
    5 * MINUTE,
  );
});

describe.each(UPGRADES)(
  '$id upgraded from $from to $version with --commit',
  ({ id, from, version }) => {
    let dir = '';
    let upgrade = { stderr: '', doc: {} as UpgradeDoc };
    beforeAll(async () => {
      dir = await renderService({ id, version: from, ci: 'github' });
      gitSync(dir, 'add', '--all');
      gitSync(dir, 'commit', '--quiet', '--allow-empty', '-m', 'the lockfile a team made');
      const args = ['upgrade', '--to', version, '--yes', '--commit', '--json'];
      const result = await runBin('platform', args, { cwd: dir, env: await serviceEnv() });
      expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
      upgrade = { stderr: result.stderr, doc: JSON.parse(result.stdout) as UpgradeDoc };
    }, 10 * MINUTE);

    it('upgrades cleanly: no conflicts, the new version recorded, one commit named for it', async () => {
      expect(upgrade.stderr).toBe('');
      expect(upgrade.doc.conflicts).toEqual([]);
      expect(await recordedVersion(dir)).toBe(version);
      expect(gitSync(dir, 'log', '-1', '--format=%s')).toBe(`Upgrade ${id} ${from} → ${version}`);
    });

    it('commits package.json and the refreshed lockfile together', () => {
      const changed = gitSync(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n');
      expect(changed).toContain('package.json');
      expect(changed).toContain('package-lock.json');
      expect(gitSync(dir, 'status', '--porcelain')).toBe('');
    });

    it(
      'then passes npm ci, npm test and npm run build',
      async () => {
        clean(dir);
        for (const args of [['ci', '--no-audit', '--no-fund'], ['test'], ['run', 'build']]) {
          const result = await npm(dir, args);
          expect(result.exitCode, `npm ${args.join(' ')}:\n${result.all}`).toBe(0);
        }
      },
      8 * MINUTE,
    );
  },
);
