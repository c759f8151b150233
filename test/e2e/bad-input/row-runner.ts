import { createHash } from 'node:crypto';
import { cp, lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../fixtures.js';
import { catalogDir, type VersionSpec } from '../../helpers/catalog.js';
import { isolatedEnv, runBin, type RunResult } from '../../helpers/run-bin.js';
import { gitSync, testdir, writeTree, type FileTree } from '../../helpers/testdir.js';

/**
 * One bad input: what to run, in what folder, and what must come out. Args may use
 * `$CATALOG` (the shared fixture catalog) and `$T` (the row's own `template` catalog).
 */
export interface BadInputRow {
  name: string;
  bin?: 'create-service' | 'platform';
  args: string[];
  /** Start from a copy of the rendered fixture service, committed in git. */
  service?: boolean;
  /** Files written into the folder (over the service, when there is one) before the run. */
  files?: FileTree;
  /** Commit `files` too (a service is always a git repo). */
  git?: boolean;
  /** A one-version catalog `t@1.0.0` built for this row, passed as `$T`. */
  template?: VersionSpec;
  env?: Record<string, string>;
  exit: number;
  /** Must match stdout + stderr, and name the field, flag or file at fault. */
  message: RegExp;
}

/** Shared by every row of a file: the fixture catalog, and a service rendered from it once. */
export interface RowFixtures {
  catalog: string;
  service: string;
}

/** Renders the fixture service once per test file; rows copy it. */
export async function rowFixtures(catalog: string): Promise<RowFixtures> {
  const parent = await testdir();
  const run = await runBin(
    'create-service',
    [
      'svc',
      '-t',
      'svc@1.1.0',
      '--set',
      'name=orders',
      '--yes',
      '--no-install',
      '--catalog',
      catalog,
    ],
    { cwd: parent },
  );
  if (run.exitCode !== 0) throw new Error(`fixture service failed: ${run.stderr}`);
  return { catalog, service: path.join(parent, 'svc') };
}

/** One concurrent test per row, sharing the fixture catalog and service of the file. */
export function describeRows(title: string, rows: BadInputRow[]): void {
  let fixtures: RowFixtures;
  beforeAll(async () => {
    fixtures = await rowFixtures(await fixtureCatalog());
  }, 60_000);
  describe.concurrent(title, () => {
    it.each(rows.map((row) => [row.name, row] as const))(
      '%s',
      async (_name, row) => {
        await runRow(row, fixtures);
      },
      90_000,
    );
  });
}

/** Runs one row and asserts its exit code, its message, and that the folder is unchanged. */
export async function runRow(row: BadInputRow, fixtures: RowFixtures): Promise<RunResult> {
  const cwd = await testdir();
  if (row.service) await cp(fixtures.service, cwd, { recursive: true, verbatimSymlinks: true });
  if (row.files) await writeTree(cwd, row.files);
  if (row.git && !row.service) gitSync(cwd, 'init', '--quiet');
  if ((row.service || row.git) && row.files) {
    gitSync(cwd, 'add', '--all');
    gitSync(cwd, 'commit', '--quiet', '--allow-empty', '-m', 'row');
  }
  const template = row.template && (await catalogDir({ t: { '1.0.0': row.template } }));
  const args = row.args.map((arg) =>
    arg.replaceAll('$CATALOG', fixtures.catalog).replaceAll('$T', template ?? '$T'),
  );
  const before = await snapshot(cwd);
  const env = await isolatedEnv(row.env);
  const result = await runBin(row.bin ?? 'platform', args, { cwd, env });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.exitCode, output).toBe(row.exit);
  expect(output).toMatch(row.message);
  expect(output).not.toMatch(/Internal error|this is a bug|\n\s+at .+:\d+:\d+\)?\n/);
  expect(await snapshot(cwd), 'nothing written or left behind').toEqual(before);
  return result;
}

/** Every path below `dir` (git's own folder aside) with a hash of its content. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, rel)).catch(() => [])) {
      const file = path.join(rel, entry);
      if (file === '.git') continue;
      const full = path.join(dir, file);
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) out[file] = `link:${await readlink(full)}`;
      else if (stat.isDirectory()) {
        out[file] = 'dir';
        await walk(file);
      } else
        out[file] = createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
    }
  };
  await walk('');
  return out;
}
