import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { BIN, isolatedEnv, runBin } from '../helpers/run-bin.js';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { gitSync, testdir } from '../helpers/testdir.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';
import { copyRepo } from '../drift/fixtures.js';
import { scaffold } from '../upgrade/upgrade-helpers.js';

// Faults at each phase of upgrade, doctor --fix and create, each with the end state it must
// leave. A phase is hit by watching a real slow point: the write journal while files land,
// a pre-commit hook blocked on a FIFO during `--commit`, the staging folder of a render.

const MANY = 600;
const JOURNAL = '.git/platform-write-journal.json';
let catalog: TemplateRepo;
let pristine: string;

function manyFiles(version: string): Record<string, string> {
  const files: Record<string, string> = { Dockerfile: `FROM node:${version}\n` };
  for (let i = 0; i < MANY; i++) files[`gen/part-${i}.txt`] = `${version} ${i}\n`.repeat(40);
  return files;
}

beforeAll(async () => {
  const manifest = { files: { managed: ['Dockerfile', 'gen/**'] } };
  catalog = await templateRepo({
    versions: {
      '1.0.0': { manifest, files: manyFiles('1.0.0') },
      '1.1.0': { manifest, files: { ...manyFiles('1.1.0'), 'big.bin': 'x'.repeat(3_000_000) } },
    },
  });
  pristine = await scaffold(catalog, '1.0.0');
}, 300_000);

/** The service's files by path: type and content, not times. */
function files(dir: string) {
  const tree = snapshotTree(dir, [path.join(dir, '.git')]);
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([, e]) => e.type !== 'dir')
      .map(([p, e]) => [p, `${e.type}:${e.content}`]),
  );
}

const leftovers = (dir: string) =>
  execFileSync('find', [dir, '-name', '*.platform-tmp-*', '-o', '-name', '*.create-service-*'], {
    encoding: 'utf8',
  }).trim();

type Phase = 'apply' | 'commit';
interface KillRow {
  name: string;
  args: string[];
  /** What the repo looks like before the command: `fix` rows delete the generated files. */
  setup: 'clean' | 'missing';
  phase: Phase;
  signal: NodeJS.Signals;
}

/** Starts `platform <args>` in `dir`, waits until `phase` is reached, sends `signal`. */
async function interrupt(dir: string, row: KillRow) {
  const env = await isolatedEnv();
  const fifo = path.join(await testdir(), 'gate');
  const reached = `${fifo}.reached`;
  if (row.phase === 'commit') {
    execFileSync('mkfifo', [fifo]);
    const hook = path.join(dir, '.git/hooks/pre-commit');
    await mkdir(path.dirname(hook), { recursive: true });
    await writeFile(hook, `#!/bin/sh\ntouch "${reached}"\nread answer < "${fifo}"\nexit 1\n`, {
      mode: 0o755,
    });
  }
  const child = spawn('node', [BIN.platform, ...row.args, '--catalog', catalog.catalog], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const mark = row.phase === 'apply' ? path.join(dir, JOURNAL) : reached;
  let sent = false;
  for (let i = 0; i < 30_000 && !sent && child.exitCode === null; i++) {
    if (existsSync(mark)) {
      child.kill(row.signal);
      sent = true;
    } else await new Promise((r) => setTimeout(r, 2));
  }
  const code = await exited;
  // Releases the blocked hook, which then fails: no commit happens behind the test's back.
  if (row.phase === 'commit') writeFileSync(fifo, 'no\n');
  expect(sent, `${row.name}: the phase was never reached; stderr: ${stderr}`).toBe(true);
  return { code, stderr, env };
}

async function prepared(setup: KillRow['setup']) {
  const dir = await copyRepo(pristine);
  if (setup === 'missing') {
    await import('node:fs/promises').then((fs) =>
      fs.rm(path.join(dir, 'gen'), { recursive: true }),
    );
    gitSync(dir, 'add', '--all');
    gitSync(dir, 'commit', '--quiet', '-m', 'lost the generated files');
  }
  return dir;
}

const upgradeArgs = ['upgrade', '--yes'];
const fixArgs = ['doctor', '--fix'];
const killRows: KillRow[] = (['SIGINT', 'SIGTERM', 'SIGKILL'] as const).flatMap((signal) => [
  {
    name: `upgrade ${signal} while files land`,
    args: upgradeArgs,
    setup: 'clean',
    phase: 'apply',
    signal,
  },
  {
    name: `upgrade --commit ${signal} in the commit`,
    args: [...upgradeArgs, '--commit'],
    setup: 'clean',
    phase: 'commit',
    signal,
  },
  {
    name: `doctor --fix ${signal} while files land`,
    args: fixArgs,
    setup: 'missing',
    phase: 'apply',
    signal,
  },
]);

describe('kills at each phase', () => {
  it.each(killRows)(
    '$name',
    async (row) => {
      const dir = await prepared(row.setup);
      const before = files(dir);
      const { code, env } = await interrupt(dir, row);
      if (row.phase === 'commit') {
        // The files had landed and the transaction was done: the upgrade stays, uncommitted.
        expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
        expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:1.1.0\n');
        expect(gitSync(dir, 'log', '--format=%s', '-1')).not.toMatch(/^Upgrade/);
        expect(leftovers(dir)).toBe('');
        return;
      }
      if (row.signal !== 'SIGKILL') {
        expect(code).toBe(130);
        expect(files(dir)).toEqual(before);
        expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
        expect(gitSync(dir, 'status', '--porcelain')).toBe('');
        expect(leftovers(dir)).toBe('');
        return;
      }
      // SIGKILL: at most the journal is left; the next run rolls back, says so, then works.
      expect(existsSync(path.join(dir, JOURNAL))).toBe(true);
      const next = await runBin('platform', [...row.args, '--catalog', catalog.catalog], {
        cwd: dir,
        env,
      });
      expect(next.stderr).toMatch(/interrupted `platform (upgrade|doctor --fix)`.*was rolled back/);
      expect(next.exitCode).toBe(0);
      expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
      expect(leftovers(dir)).toBe('');
      if (row.args[0] === 'upgrade')
        expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:1.1.0\n');
      else expect(readdirSync(path.join(dir, 'gen'))).toHaveLength(MANY);
    },
    300_000,
  );
});

describe('kills while create-service renders', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    '%s while the staging folder fills: nothing is left, or the next run clears it',
    async (signal) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 2000; i++) files[`gen/part-${i}.txt`] = 'x'.repeat(8192);
      const sources = await catalogDir({ big: { '1.0.0': { files } } });
      const parent = await testdir();
      const args = [BIN['create-service'], 'out', '-t', 'big', '--catalog', sources];
      const flags = ['--yes', '--no-git', '--no-install'];
      const child = spawn('node', [...args, ...flags], {
        cwd: parent,
        env: await isolatedEnv(),
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const staging = () => readdirSync(parent).filter((f) => f.startsWith('.out.create-service-'));
      let sent = false;
      for (let i = 0; i < 30_000 && !sent && child.exitCode === null; i++) {
        if (staging().length > 0) {
          child.kill(signal);
          sent = true;
        } else await new Promise((r) => setTimeout(r, 1));
      }
      const code = await exited;
      expect(sent, 'the render never reached its staging folder').toBe(true);
      if (signal !== 'SIGKILL') {
        expect(code).toBe(130);
        expect(readdirSync(parent)).toEqual([]);
        return;
      }
      expect(staging()).toHaveLength(1);
      const next = await runBin(
        'create-service',
        ['out', '-t', 'big', '--catalog', sources, ...flags],
        {
          cwd: parent,
        },
      );
      expect(next.exitCode).toBe(0);
      expect(readdirSync(parent)).toEqual(['out']);
    },
    300_000,
  );
});

describe('journals and staging folders left behind', () => {
  it('a journal from a SIGKILLed upgrade is rolled back by doctor --fix too', async () => {
    const dir = await prepared('clean');
    const before = files(dir);
    const row: KillRow = {
      name: 'kill',
      args: upgradeArgs,
      setup: 'clean',
      phase: 'apply',
      signal: 'SIGKILL',
    };
    const { env } = await interrupt(dir, row);
    const fix = await runBin('platform', ['doctor', '--fix', '--catalog', catalog.catalog], {
      cwd: dir,
      env,
    });
    expect(fix.stderr).toMatch(/interrupted `platform upgrade`.*rolled back/);
    expect(files(dir)).toEqual(before);
    expect(gitSync(dir, 'status', '--porcelain')).toBe('');
  }, 300_000);

  it('a journal of a process still running is refused, exit 2', async () => {
    const dir = await prepared('clean');
    const sleeper = spawn('sleep', ['60']);
    await writeFile(
      path.join(dir, JOURNAL),
      JSON.stringify({
        schemaVersion: 1,
        command: 'upgrade',
        pid: sleeper.pid,
        root: dir,
        startedAt: 'x',
        files: [],
      }),
    );
    const result = await runBin('platform', [...upgradeArgs, '--catalog', catalog.catalog], {
      cwd: dir,
    });
    sleeper.kill();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Another `platform upgrade` \(pid \d+\) is changing this repo/);
  });

  it('a corrupt journal is exit 2 naming it, and nothing is written', async () => {
    const dir = await prepared('clean');
    const before = files(dir);
    await writeFile(path.join(dir, JOURNAL), '{not json');
    const result = await runBin('platform', [...upgradeArgs, '--catalog', catalog.catalog], {
      cwd: dir,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('platform-write-journal.json is not a journal');
    expect(files(dir)).toEqual(before);
  });

  it('create-service removes a staging folder a killed render left beside the target', async () => {
    const parent = await testdir();
    const dead = spawn('true');
    await new Promise((r) => dead.on('exit', r));
    const stale = path.join(parent, `.svc.create-service-${dead.pid}-0123abcd`);
    await mkdir(path.join(stale, 'gen'), { recursive: true });
    const live = path.join(parent, `.svc.create-service-${process.pid}-0123abcd`);
    await mkdir(live);
    const sources = await catalogDir({ small: { '1.0.0': { files: { 'README.md': '# hi\n' } } } });
    const result = await runBin(
      'create-service',
      ['svc', '-t', 'small', '--catalog', sources, '--yes', '--no-git', '--no-install'],
      { cwd: parent },
    );
    expect(result.exitCode).toBe(0);
    expect(existsSync(stale)).toBe(false);
    // A folder whose process is alive may be a render in progress: left alone.
    expect(existsSync(live)).toBe(true);
  });
});

// Disk faults need a small file system of their own: as root, a tmpfs; else skipped.
const mountRoot = await testdir();
const canMount = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountRoot], {
      stdio: 'ignore',
    });
    execFileSync('umount', [mountRoot]);
    return true;
  } catch {
    return false;
  }
})();
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) execFileSync('umount', ['-l', dir]);
});

function fillDisk(mount: string, leave: number) {
  const df = execFileSync('df', ['--output=avail', '-B1', mount], { encoding: 'utf8' });
  const avail = Number(df.trim().split('\n')[1]);
  execFileSync('fallocate', ['-l', String(avail - leave), path.join(mount, 'filler')]);
}

async function serviceOnTmpfs(size: string, setup: KillRow['setup']) {
  const mount = await testdir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  mounted.push(mount);
  const dir = path.join(mount, 'svc');
  const source = await prepared(setup);
  execFileSync('cp', ['-a', source, dir]);
  return { mount, dir };
}

describe.skipIf(!canMount)('full and read-only disks (needs mount: run as root)', () => {
  it.each([
    {
      name: 'upgrade on a full disk',
      args: upgradeArgs,
      setup: 'clean' as const,
      fault: 'full',
      message: /no space left on the device/,
    },
    {
      name: 'doctor --fix on a full disk',
      args: fixArgs,
      setup: 'missing' as const,
      fault: 'full',
      message: /no space left on the device/,
    },
    {
      name: 'upgrade on a read-only disk',
      args: upgradeArgs,
      setup: 'clean' as const,
      fault: 'ro',
      message: /read-only/,
    },
    {
      name: 'doctor --fix on a read-only disk',
      args: fixArgs,
      setup: 'missing' as const,
      fault: 'ro',
      message: /read-only/,
    },
  ])(
    '$name: exit 2, every file as before, no journal or temp file',
    async (row) => {
      const { mount, dir } = await serviceOnTmpfs('64m', row.setup);
      if (row.fault === 'ro') execFileSync('mount', ['-o', 'remount,ro', mount]);
      // Full: a filler leaves 1 MB, less than the new version (or the re-added files) needs.
      else fillDisk(mount, 1_000_000);
      const before = files(dir);
      const result = await runBin('platform', [...row.args, '--catalog', catalog.catalog], {
        cwd: dir,
      });
      expect(result.stderr).toMatch(row.message);
      expect(result.exitCode).toBe(2);
      expect(files(dir)).toEqual(before);
      expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
      expect(leftovers(dir)).toBe('');
    },
    300_000,
  );
});
