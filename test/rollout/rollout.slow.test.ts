import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitSync } from '../helpers/testdir.js';
import {
  branches,
  buildFleet,
  recordedPushes,
  showAt,
  type FleetRepoSpec,
  type TestFleet,
} from './fleet-fixtures.js';

// Pinned: the newest built-in version moves as templates are added, this fleet does not.
const FROM = '1.0.0';
const TO = '1.1.0';
const HTTP = 'node-http-service';
const BRANCH = `platform/upgrade-${HTTP}-${TO}`;

const readmeLine = 'Scaffolded from the paved-road template';
const conflicting = { 'README.md': `# orders\n\n${readmeLine} of our own making.\n` };

function specs(): FleetRepoSpec[] {
  const list: FleetRepoSpec[] = [];
  for (let i = 1; i <= 10; i++) list.push({ name: `clean-${i}`, template: HTTP, version: FROM });
  for (let i = 1; i <= 3; i++)
    list.push({
      name: `edited-${i}`,
      template: HTTP,
      version: FROM,
      edits: { 'src/extra.ts': `export const n = ${i};\n` },
    });
  for (let i = 1; i <= 3; i++)
    list.push({ name: `conflict-${i}`, template: HTTP, version: FROM, edits: conflicting });
  list.push({
    name: 'patched',
    template: HTTP,
    version: FROM,
    edits: { Dockerfile: 'FROM scratch\n' },
  });
  for (let i = 1; i <= 2; i++)
    list.push({ name: `worker-${i}`, template: 'node-worker', version: FROM });
  list.push({ name: 'current', template: HTTP, version: TO });
  list.push({ name: 'plain', plain: true });
  list.push({ name: 'dirty', template: HTTP, version: FROM, dirty: { 'notes.txt': 'wip\n' } });
  list.push({ name: 'no-origin', template: HTTP, version: FROM, noOrigin: true });
  return list;
}

interface Entry {
  repo: string;
  status: string;
  branch?: string;
  commit?: string;
  pushed?: boolean;
  reason?: string;
  conflicts?: string[];
  patches?: string[];
  mergeRequest?: { forge: string; via: string };
}
interface Doc {
  command: string;
  sweep: { id: string; shard: { index: number; count: number } };
  dryRun: boolean;
  repos: Entry[];
  totals: Record<string, number>;
}

async function rollout(fleet: string, args: string[]) {
  const result = await runBin(
    'platform',
    ['upgrade', '--fleet', fleet, '--to', TO, '--json', ...args],
    {
      cwd: fleet,
      env: await isolatedEnv(),
    },
  );
  const doc = JSON.parse(result.stdout) as Doc;
  return { ...result, doc, by: Object.fromEntries(doc.repos.map((r) => [r.repo, r])) };
}

describe('platform upgrade --fleet: rollouts as merge requests', () => {
  let t: TestFleet;
  const names = specs().map((s) => s.name);
  beforeAll(async () => {
    t = await buildFleet(specs());
  }, 600_000);

  it('dry run by default: says per repo what would happen and writes nothing', async () => {
    const before = names.map((n) => gitSync(path.join(t.fleet, n), 'status', '--porcelain'));
    const { exitCode, doc, by } = await rollout(t.fleet, []);
    expect(doc.dryRun).toBe(true);
    expect(doc.repos).toHaveLength(names.length);
    expect(by['clean-1']).toMatchObject({ status: 'upgradable', branch: BRANCH });
    expect(by['conflict-1']).toMatchObject({ status: 'would-conflict', conflicts: ['README.md'] });
    expect(by['worker-1']).toMatchObject({
      status: 'upgradable',
      branch: `platform/upgrade-node-worker-${TO}`,
    });
    expect(by.current?.status).toBe('current');
    expect(by.plain?.status).toBe('not-adopted');
    expect(by.dirty).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/uncommitted/),
    });
    expect(exitCode).toBe(1);
    for (const n of names) {
      if (n !== 'no-origin') expect(branches(t.bare(n))).toEqual(['main']);
      expect(branches(path.join(t.fleet, n))).toEqual(['main']);
    }
    expect(names.map((n) => gitSync(path.join(t.fleet, n), 'status', '--porcelain'))).toEqual(
      before,
    );
  }, 600_000);

  it('--apply --push: one branch and commit per upgradable repo in its bare origin, MR by push options', async () => {
    const { exitCode, doc, by, stderr } = await rollout(t.fleet, [
      '--apply',
      '--push',
      '--forge',
      'gitlab',
    ]);
    expect(stderr).toBe('');
    expect(exitCode).toBe(1); // the dirty clone and the clone without origin failed
    expect(by.dirty?.status).toBe('failed');
    expect(by['no-origin']).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/origin/),
    });
    expect(doc.totals).toMatchObject({
      upgraded: 16,
      'conflicts-skipped': 3,
      current: 1,
      'not-adopted': 1,
      failed: 2,
    });
    for (const n of ['clean-1', 'edited-2', 'patched']) {
      expect(by[n]).toMatchObject({
        status: 'upgraded',
        pushed: true,
        mergeRequest: { forge: 'gitlab', via: 'push-options' },
      });
      const bare = t.bare(n);
      expect(branches(bare)).toEqual(['main', BRANCH]);
      expect(gitSync(bare, 'rev-parse', BRANCH)).toBe(by[n]!.commit);
      // One commit on top of the default branch, naming from and to.
      expect(gitSync(bare, 'rev-parse', `${BRANCH}~1`)).toBe(gitSync(bare, 'rev-parse', 'main'));
      expect(gitSync(bare, 'log', '-1', '--format=%s', BRANCH)).toBe(
        `Upgrade ${HTTP} ${FROM} → ${TO}`,
      );
      const state = JSON.parse(showAt(bare, BRANCH, '.platform/service.json')) as {
        template: { version: string };
      };
      expect(state.template.version).toBe(TO);
      expect(showAt(bare, BRANCH, 'Dockerfile')).toMatch(/node:24/);
      expect(showAt(bare, 'main', 'Dockerfile')).not.toMatch(/node:24/);
    }
    expect(showAt(t.bare('edited-2'), BRANCH, 'src/extra.ts')).toBe('export const n = 2;');
    expect(by.patched?.patches).toEqual(['.platform/upgrade/Dockerfile.local.patch']);
    expect(showAt(t.bare('patched'), BRANCH, '.platform/upgrade/Dockerfile.local.patch')).toMatch(
      /FROM scratch/,
    );
    expect(gitSync(t.bare('patched'), 'log', '-1', '--format=%B', BRANCH)).toMatch(
      /saved as patches:\n- \.platform\/upgrade\/Dockerfile\.local\.patch/,
    );
    const pushes = await recordedPushes(t.bare('clean-1'));
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toEqual([
      'merge_request.create',
      'merge_request.target=main',
      `merge_request.title=Upgrade ${HTTP} to ${TO}`,
      expect.stringMatching(
        /^merge_request\.description=Moves node-http-service from 1\.0\.0 to 1\.1\.0/,
      ),
      'merge_request.label=platform:upgrade',
    ]);
    for (const n of ['conflict-1', 'current', 'plain', 'dirty']) {
      expect(branches(t.bare(n))).toEqual(['main']);
      expect(await recordedPushes(t.bare(n))).toEqual([]);
    }
    // The clones are back on their default branch, clean.
    expect(gitSync(path.join(t.fleet, 'clean-1'), 'branch', '--show-current')).toBe('main');
    expect(gitSync(path.join(t.fleet, 'clean-1'), 'status', '--porcelain')).toBe('');
  }, 600_000);

  it('a second run updates nothing and opens no second request', async () => {
    const tips = Object.fromEntries(
      ['clean-1', 'patched', 'worker-2'].map((n) => [
        n,
        gitSync(
          t.bare(n),
          'rev-parse',
          '--verify',
          `refs/heads/${n.startsWith('worker') ? `platform/upgrade-node-worker-${TO}` : BRANCH}`,
        ),
      ]),
    );
    const { by, doc } = await rollout(t.fleet, ['--apply', '--push', '--forge', 'gitlab']);
    expect(doc.totals).toMatchObject({ unchanged: 16, upgraded: 0 });
    for (const [n, tip] of Object.entries(tips)) {
      expect(by[n]?.status).toBe('unchanged');
      expect(by[n]?.commit).toBe(tip);
      expect(branches(t.bare(n))).toHaveLength(2);
    }
    expect(await recordedPushes(t.bare('clean-1'))).toHaveLength(1);
  }, 600_000);

  it('--on-conflict push sends the markers with the platform:conflicts label', async () => {
    const { by } = await rollout(t.fleet, [
      '--apply',
      '--push',
      '--forge',
      'gitlab',
      '--on-conflict',
      'push',
    ]);
    const entry = by['conflict-2']!;
    expect(entry).toMatchObject({ status: 'conflicts', conflicts: ['README.md'], pushed: true });
    const bare = t.bare('conflict-2');
    expect(showAt(bare, BRANCH, 'README.md')).toMatch(/^<<<<<<< /m);
    expect(gitSync(bare, 'log', '-1', '--format=%B', BRANCH)).toMatch(
      /Conflicts left.*\n- README\.md/,
    );
    const [push] = await recordedPushes(bare);
    expect(push).toContain('merge_request.label=platform:conflicts');
    expect(by['clean-3']?.status).toBe('unchanged');
  }, 600_000);

  it('without --push the branch is made locally only', async () => {
    const local = await buildFleet([
      { name: 'a', template: HTTP, version: FROM },
      { name: 'b', template: HTTP, version: FROM, edits: conflicting },
    ]);
    const { by, exitCode } = await rollout(local.fleet, ['--apply']);
    expect(exitCode).toBe(0);
    expect(by.a).toMatchObject({ status: 'upgraded' });
    expect(by.a?.pushed).toBeUndefined();
    expect(branches(path.join(local.fleet, 'a'))).toEqual(['main', BRANCH]);
    expect(branches(local.bare('a'))).toEqual(['main']);
    expect(by.b?.status).toBe('conflicts-skipped');
    expect(branches(path.join(local.fleet, 'b'))).toEqual(['main']);
    const again = await rollout(local.fleet, ['--apply']);
    expect(again.by.a).toMatchObject({ status: 'unchanged', commit: by.a?.commit });
  }, 600_000);

  it('--repos clones each URL shallowly; a URL that cannot be cloned fails alone', async () => {
    const list = path.join(t.remotes, 'repos.txt');
    const urls = [
      `file://${t.bare('clean-5')}`,
      `file://${t.bare('conflict-3')}`,
      `file://${t.remotes}/missing.git`,
    ];
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(list, `# the fleet\n${urls.join('\n')}\n`),
    );
    const workdir = path.join(t.remotes, 'work');
    const env = await isolatedEnv();
    const result = await runBin(
      'platform',
      [
        'upgrade',
        '--repos',
        list,
        '--workdir',
        workdir,
        '--to',
        TO,
        '--apply',
        '--push',
        '--forge',
        'gitlab',
        '--json',
      ],
      { cwd: t.remotes, env },
    );
    const doc = JSON.parse(result.stdout) as Doc;
    const by = Object.fromEntries(doc.repos.map((r) => [r.repo, r]));
    expect(by[urls[0]!]?.status).toBe('unchanged'); // the fleet run pushed the same upgrade
    expect(by[urls[1]!]?.status).toBe('conflicts-skipped');
    expect(by[urls[2]!]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/cannot clone/),
    });
    expect(result.exitCode).toBe(1);
    expect(
      gitSync(
        path.join(
          workdir,
          (await import('node:fs')).readdirSync(workdir).find((f) => f.startsWith('clean-5'))!,
        ),
        'rev-parse',
        '--is-shallow-repository',
      ),
    ).toBe('true');
  }, 600_000);

  it('bad input: a non-URL line, a branch name git refuses, a shard that is not one', async () => {
    const list = path.join(t.remotes, 'bad.txt');
    await (await import('node:fs/promises')).writeFile(list, 'not a url\n../relative/path\n');
    const env = await isolatedEnv();
    const notUrl = await runBin('platform', ['upgrade', '--repos', list], { cwd: t.remotes, env });
    expect(notUrl.exitCode).toBe(2);
    expect(notUrl.stderr).toMatch(/2 line\(s\) are not clone URLs/);
    const badBranch = await runBin(
      'platform',
      ['upgrade', '--fleet', t.fleet, '--apply', '--branch', 'bad..name'],
      { cwd: t.fleet, env },
    );
    expect(badBranch.exitCode).toBe(2);
    expect(badBranch.stderr).toMatch(/git refuses/);
    for (const shard of ['3/2', '0/0', 'x']) {
      const bad = await runBin('platform', ['upgrade', '--fleet', t.fleet, '--shard', shard], {
        cwd: t.fleet,
        env,
      });
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toMatch(/--shard/);
    }
    const pushOnly = await runBin('platform', ['upgrade', '--fleet', t.fleet, '--push'], {
      cwd: t.fleet,
      env,
    });
    expect(pushOnly.exitCode).toBe(2);
    expect(await readFile(path.join(t.fleet, 'clean-1', 'Dockerfile'), 'utf8')).not.toMatch(
      /node:24/,
    );
  }, 600_000);
});
