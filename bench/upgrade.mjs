// Benchmark: `platform upgrade` of a rendered built-in service against `create-service`
// rendering it. Runs are interleaved (create, then upgrade of that render) so machine noise
// hits both alike; the budget is a ratio of medians under 3×. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BUDGET = 3;
const ID = process.env.BENCH_TEMPLATE ?? 'node-http-service';

const versions = readdirSync(path.join(ROOT, 'templates', ID))
  .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
  .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
const [first, latest] = [versions[0], versions.at(-1)];
if (!first || first === latest) {
  console.error(`${ID} needs two versions to benchmark an upgrade; it has ${versions.join(', ')}`);
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-upgrade-'));
const home = path.join(work, 'home');
mkdirSync(home);
const env = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  XDG_CACHE_HOME: path.join(home, '.cache'),
  XDG_STATE_HOME: path.join(home, '.state'),
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  PLATFORM_TELEMETRY_DISABLED: '1',
};

function timed(bin, args, cwd) {
  const started = performance.now();
  const result = spawnSync('node', [path.join(ROOT, 'bin', bin), ...args], {
    cwd,
    env,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    console.error(`${bin} ${args.join(' ')} exited ${result.status}\n${result.stderr}`);
    process.exit(1);
  }
  return ms;
}

function once(i) {
  const name = `svc-${i}`;
  const create = timed(
    'create-service.js',
    [name, '-t', `${ID}@${first}`, '--set', 'name=bench-svc', '--yes', '--no-install'],
    work,
  );
  const upgrade = timed('platform.js', ['upgrade', name], work);
  rmSync(path.join(work, name), { recursive: true, force: true });
  return { create, upgrade };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

try {
  once('warmup');
  const runs = Array.from({ length: RUNS }, (_, i) => once(i));
  const create = median(runs.map((r) => r.create));
  const upgrade = median(runs.map((r) => r.upgrade));
  const ratio = upgrade / create;
  const fmt = (ms) => `${ms.toFixed(0)} ms`;
  console.log(
    `upgrade bench: ${ID} ${first} → ${latest}, ${RUNS} interleaved runs, node ${process.version}`,
  );
  console.log(`  create-service (render + git init + commit, --no-install)  median ${fmt(create)}`);
  console.log(
    `  platform upgrade (plan + 3-way + write + state)            median ${fmt(upgrade)}`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)}× (budget < ${BUDGET}×): ${ratio < BUDGET ? 'ok' : 'OVER BUDGET'}`,
  );
  process.exitCode = ratio < BUDGET ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
