// Fleet benchmarks (`npm run bench`): absolute budgets on this project's 2-core machine.
// - `check --fleet` over 1,000 rendered services in under 30 s;
// - an applied rollout (`upgrade --fleet --apply`, no push) over 200 services in under 60 s.
// The fleets mix versions, answers and local edits (bench/fleet-fixture.mjs says how); the
// rollout goes to the newest built-in version, without push.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFleet, builtinVersions } from './fleet-fixture.mjs';
import { timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-fleet-'));
const env = {
  ...process.env,
  HOME: work,
  XDG_CONFIG_HOME: path.join(work, 'config'),
  XDG_CACHE_HOME: path.join(work, 'cache'),
  XDG_STATE_HOME: path.join(work, 'state'),
  PLATFORM_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'init.defaultBranch',
  GIT_CONFIG_VALUE_0: 'main',
};
const CHECK_REPOS = Number(process.env.BENCH_CHECK_REPOS ?? 1000);
const ROLLOUT_REPOS = Number(process.env.BENCH_ROLLOUT_REPOS ?? 200);

const fixture = { root, work, env, versions: builtinVersions(root) };

function fleetOf(count, name) {
  const { dir, kinds } = buildFleet(fixture, count, name);
  console.log(`${name}: ${count} repos, ${JSON.stringify(kinds)}`);
  return dir;
}

const platform = path.join(root, 'bin/platform.js');
const results = [];
try {
  const checkFleet = fleetOf(CHECK_REPOS, 'check-fleet');
  const checkMs = timeCommand(
    [
      process.execPath,
      platform,
      'check',
      '--fleet',
      checkFleet,
      '--format',
      'json',
      '--fail-on',
      'never',
    ],
    { env },
  );
  results.push({ name: `check --fleet, ${CHECK_REPOS} repos`, ms: checkMs, budgetMs: 30_000 });
  rmSync(checkFleet, { recursive: true, force: true });

  const rolloutFleet = fleetOf(ROLLOUT_REPOS, 'rollout-fleet');
  const rolloutMs = timeCommand(
    [process.execPath, platform, 'upgrade', '--fleet', rolloutFleet, '--apply', '--json'],
    { env },
  );
  const branch = spawnSync('git', ['branch', '--list', 'platform/upgrade-*'], {
    cwd: path.join(rolloutFleet, 'team-0', 'svc-0'),
    encoding: 'utf8',
  }).stdout.trim();
  if (!branch) throw new Error('the rollout made no branch');
  results.push({
    name: `upgrade --fleet --apply, ${ROLLOUT_REPOS} repos`,
    ms: rolloutMs,
    budgetMs: 60_000,
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
let ok = true;
for (const r of results) {
  const within = r.ms <= r.budgetMs;
  ok &&= within;
  console.log(
    `${within ? 'ok  ' : 'OVER'} ${r.name.padEnd(40)} ${(r.ms / 1000).toFixed(1).padStart(6)} s (budget ${r.budgetMs / 1000} s)`,
  );
}
process.exitCode = ok ? 0 : 1;
