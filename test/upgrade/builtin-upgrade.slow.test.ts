// Slow: upgrades a rendered built-in service from its first to its latest version, then runs
// the service's own install, tests and build on the Node major it targets.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';
import { childEnv, ensureNodeMajor } from './service-node.js';
import { recordedVersion, status, upgradeJson } from './upgrade-helpers.js';

const MINUTE = 60_000;
const upgradable = readdirSync(path.join(ROOT, 'templates'))
  .map((id) => {
    const versions = readdirSync(path.join(ROOT, 'templates', id))
      .filter((v) => semver.valid(v))
      .sort(semver.compare);
    return { id, first: versions[0]!, latest: versions.at(-1)! };
  })
  .filter((t) => t.first !== t.latest);

describe.each(upgradable)('built-in $id $first → $latest', ({ id, first, latest }) => {
  it(
    'upgrades cleanly, then the service installs, tests and builds',
    async () => {
      const parent = await testdir();
      const created = await runBin(
        'create-service',
        ['svc', '-t', `${id}@${first}`, '--set', 'name=upgrade-e2e', '--yes', '--no-install'],
        { cwd: parent },
      );
      expect(created.exitCode, created.stderr).toBe(0);
      const dir = path.join(parent, 'svc');

      const { exitCode, doc, stderr } = await upgradeJson(dir, ['--commit']);
      expect(stderr).toBe('');
      expect(exitCode).toBe(0);
      expect(doc.conflicts).toEqual([]);
      expect(await recordedVersion(dir)).toBe(latest);
      expect(gitSync(dir, 'log', '-1', '--format=%s')).toBe(`Upgrade ${id} ${first} → ${latest}`);
      expect(status(dir)).toBe('');

      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
        engines?: { node?: string };
        scripts?: Record<string, string>;
      };
      expect(pkg.scripts).toHaveProperty('test');
      expect(pkg.scripts).toHaveProperty('build');
      const major = semver.minVersion(pkg.engines?.node ?? '>=24')?.major ?? 24;
      const bin = await ensureNodeMajor(major);
      const env = childEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, CI: '1' });
      const run = (args: string[]) =>
        execa('npm', args, { cwd: dir, env, stdin: 'ignore', all: true, reject: false });
      for (const args of [['install', '--no-audit', '--no-fund'], ['test'], ['run', 'build']]) {
        const result = await run(args);
        expect(result.exitCode, `npm ${args.join(' ')}\n${result.all}`).toBe(0);
      }
    },
    10 * MINUTE,
  );
});
