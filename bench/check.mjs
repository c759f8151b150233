// Drift benchmarks (`node bench/check.mjs` after `npm run build`): `platform check` on a
// rendered service against `node -e 0`, the same with 20,000 ignored files, and a fleet.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, report, timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const createService = path.join(root, 'bin/create-service.js');
const platform = path.join(root, 'bin/platform.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-check-'));
const env = {
  ...process.env,
  HOME: work,
  XDG_CONFIG_HOME: path.join(work, 'config'),
  XDG_CACHE_HOME: path.join(work, 'cache'),
  PLATFORM_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const runs = Number(process.env.BENCH_RUNS ?? 21);
const fleetSize = Number(process.env.BENCH_FLEET ?? 200);
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, stdio: 'ignore' });

try {
  // A service rendered from the built-in template, committed, with node_modules ignored.
  const service = path.join(work, 'svc');
  execFileSync(
    'node',
    [
      createService,
      service,
      '-t',
      'node-http-service',
      '--set',
      'name=orders',
      '-y',
      '--no-install',
    ],
    { cwd: work, env, stdio: 'ignore' },
  );
  writeFileSync(path.join(service, '.gitignore'), 'node_modules\n.env\n', { flag: 'a' });
  git(service, 'add', '--all');
  git(service, 'commit', '--quiet', '--allow-empty', '-m', 'ignore node_modules');

  // The same repo with 20,000 ignored files in node_modules.
  const heavy = path.join(work, 'svc-heavy');
  cpSync(service, heavy, { recursive: true });
  for (let p = 0; p < 200; p++) {
    const dir = path.join(heavy, 'node_modules', `pkg-${p}`, 'lib');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100; f++)
      writeFileSync(path.join(dir, `f${f}.js`), `module.exports = ${f}; // AKIA-like text\n`);
  }

  const check = (repo) => () =>
    timeCommand(['node', platform, 'check', repo, '--fail-on', 'never'], { env, cwd: repo });
  const results = [
    compare({
      name: 'platform check (rendered service) vs node -e 0',
      baseline: () => timeCommand(['node', '-e', '0'], { env }),
      subject: check(service),
      runs,
      budget: 2.5,
    }),
    compare({
      name: 'platform check +20,000 ignored files vs without',
      baseline: check(service),
      subject: check(heavy),
      runs,
      budget: 1.2,
    }),
  ];
  const ok = report(results);

  // A fleet of rendered services, checked in one run.
  const fleet = path.join(work, 'fleet');
  for (let i = 0; i < fleetSize; i++)
    cpSync(service, path.join(fleet, `svc-${i}`), { recursive: true });
  const fleetMs = timeCommand(
    [
      'node',
      platform,
      'check',
      '--fleet',
      fleet,
      '--format',
      'json',
      '--output',
      path.join(work, 'fleet.json'),
      '--fail-on',
      'never',
    ],
    { env, cwd: work },
  );
  const fleetOk = fleetMs < 20_000;
  console.log(
    `${fleetOk ? 'ok  ' : 'OVER'} ${`platform check --fleet (${fleetSize} services, ${os.availableParallelism()} cores)`.padEnd(58)} ${(fleetMs / 1000).toFixed(2).padStart(8)} s  (budget 20 s)`,
  );
  process.exitCode = ok && fleetOk ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
