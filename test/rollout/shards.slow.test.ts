import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachLimit } from '../../src/fleet/pool.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitdir, testdir } from '../helpers/testdir.js';

const REPOS = 200;
const SHARDS = 4;

// Cheap repos: a tiny state file naming a template no catalog has, or none at all.
const state = (id: string) =>
  JSON.stringify({
    schemaVersion: 1,
    template: { catalog: 'builtin', id, version: '1.0.0' },
    answers: {},
    files: {},
    cli: 'create-service@0.0.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });

interface SweepDoc {
  sweep: { id: string; shard: { index: number; count: number } };
  repos: { path?: string; repo?: string }[];
}

describe('sharded sweeps', () => {
  let fleet: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    env = await isolatedEnv();
    const seeds = [
      await gitdir({ '.platform/service.json': state('retired-template'), 'README.md': '# a\n' }),
      await gitdir({ 'README.md': '# plain\n', 'index.js': 'console.log(1);\n' }),
    ];
    fleet = await testdir();
    const names = Array.from(
      { length: REPOS },
      (_, i) => `team-${i % 7}/svc-${String(i).padStart(3, '0')}`,
    );
    await forEachLimit(names, 16, async (name, i) => {
      await cp(seeds[i % 3 === 0 ? 1 : 0]!, path.join(fleet, name), { recursive: true });
    });
  }, 120_000);

  const run = (args: string[]) => runBin('platform', args, { cwd: fleet, env });

  it('check --fleet: the shards cover every repo once and merge into the unsharded report', async () => {
    const whole = await run(['check', '--fleet', '.', '--format', 'json', '--fail-on', 'never']);
    expect(whole.exitCode).toBe(0);
    const full = JSON.parse(whole.stdout) as SweepDoc;
    expect(full.repos).toHaveLength(REPOS);
    const files: string[] = [];
    for (let i = 1; i <= SHARDS; i++) {
      const file = `shard-${i}.json`;
      const part = await run([
        'check',
        '--fleet',
        '.',
        '--shard',
        `${i}/${SHARDS}`,
        '--format',
        'json',
        '--fail-on',
        'never',
        '--output',
        file,
      ]);
      expect(part.exitCode).toBe(0);
      files.push(file);
    }
    const parts = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(path.join(fleet, f), 'utf8')) as SweepDoc),
    );
    const seen = parts.flatMap((p) => p.repos.map((r) => r.path));
    expect(seen.sort()).toEqual(full.repos.map((r) => r.path).sort());
    expect(new Set(seen).size).toBe(REPOS);
    for (const p of parts) {
      expect(p.sweep.id).toBe(full.sweep.id);
      expect(p.repos.length).toBeGreaterThan(REPOS / SHARDS / 2);
    }
    const merged = await run(['report', ...files, '--format', 'json']);
    expect(merged.exitCode).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual(full);
    const sarif = await run(['report', ...files, '--format', 'sarif']);
    expect(sarif.exitCode).toBe(0);
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0' });

    const missing = await run(['report', ...files.slice(1), '--format', 'json']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toMatch(/shard\(s\) 1\/4 missing/);
    const twice = await run(['report', files[0]!, ...files, '--format', 'json']);
    expect(twice.exitCode).toBe(2);
    expect(twice.stdout).toMatch(/given twice/);
    const other = await run([
      'check',
      '--fleet',
      '.',
      '--shard',
      `1/${SHARDS}`,
      '--format',
      'json',
      '--output',
      'other.json',
    ]);
    expect(other.exitCode).toBe(1);
    const mixed = await run(['report', 'other.json', ...files.slice(1)]);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toMatch(/another sweep/);
  }, 300_000);

  it('upgrade --fleet: the dry-run shards merge into the unsharded plan', async () => {
    const whole = await run(['upgrade', '--fleet', '.', '--json']);
    const full = JSON.parse(whole.stdout) as SweepDoc;
    expect(full.repos).toHaveLength(REPOS);
    const files: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const part = await run(['upgrade', '--fleet', '.', '--shard', `${i}/3`, '--json']);
      const file = path.join(fleet, `upgrade-${i}.json`);
      await (await import('node:fs/promises')).writeFile(file, part.stdout);
      files.push(file);
    }
    const merged = await run(['report', ...files, '--json']);
    expect(JSON.parse(merged.stdout)).toEqual(full);
    expect(merged.exitCode).toBe(whole.exitCode);
    const text = await run(['report', ...files]);
    expect(text.stdout).toMatch(new RegExp(`${REPOS} repos: `));
  }, 300_000);
});
