// What a rendered service costs in production, for each built-in template at its two newest
// versions (or `--versions 1.2.0,1.3.0`), measured the same way for both: production
// node_modules bytes (budget 40 MB) after `npm ci --omit=dev`, the time from starting the
// container's command to /readyz answering 200, and the time from SIGTERM to exit with no
// collector listening. Minutes of installs, so it is not part of `npm run bench`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { median } from './lib.mjs';

const BUDGET = 40 * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'cs-footprint-'));
const versionsArg = process.argv.indexOf('--versions');
const pinned = versionsArg > 0 ? process.argv[versionsArg + 1]?.split(',') : undefined;

/** The Node 24 bin folder the e2e suite caches (installed from the registry when missing). */
function node24Bin() {
  const prefix = path.join(
    process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
    'create-service-e2e',
    'node-24',
  );
  const bin = path.join(prefix, 'node_modules', '.bin');
  if (!existsSync(path.join(bin, 'node')))
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', 'node@24']);
  return bin;
}

const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  PATH: `${node24Bin()}${path.delimiter}${process.env.PATH}`,
  PLATFORM_TELEMETRY_DISABLED: '1',
  npm_config_update_notifier: 'false',
};
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** KEY=VALUE lines of .env.example, so the service starts with its own example values. */
function exampleEnv(dir) {
  const entries = readFileSync(path.join(dir, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_][A-Z0-9_]*)=(.+)$/.exec(line.trim()))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]);
  return Object.fromEntries(entries);
}

/** One start: ms to /readyz 200, then ms from SIGTERM to exit, and the exit code. */
async function startAndStop(dir) {
  const [port, closed] = [await freePort(), await freePort()];
  const [cmd, ...args] = JSON.parse(
    readFileSync(path.join(dir, 'package.json')),
  ).scripts.start.split(' ');
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...env,
      ...exampleEnv(dir),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: '',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
      OTEL_SDK_DISABLED: 'false',
    },
  });
  const exited = new Promise((resolve, reject) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', reject);
  });
  const deadline = started + 60_000;
  for (;;) {
    if (performance.now() > deadline) throw new Error(`${dir}: not ready within 60 s`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`${dir}: exited ${child.exitCode} before ready`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ready = performance.now() - started;
  // One traced request (on the HTTP service), so shutdown has a span for the missing collector.
  const key = exampleEnv(dir).API_KEY;
  await fetch(`http://127.0.0.1:${port}/v1/greetings/ada`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  }).catch(() => {});
  const stopping = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { ready, stop: performance.now() - stopping, code };
}

const du = (dir) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);

/** Renders id@version, builds it, installs production dependencies only; returns the folder. */
function prepare(id, version) {
  const parent = mkdtempSync(path.join(work, `${id}-${version}-`));
  const cli = path.join(root, 'bin/create-service.js');
  const answers = ['--set', 'name=footprint', '--yes', '--no-git', '--no-install'];
  run(process.execPath, [cli, 'svc', '-t', `${id}@${version}`, ...answers], parent);
  const dir = path.join(parent, 'svc');
  // The Dockerfile's way: a full install to build, then production dependencies only.
  run('npm', ['install', '--no-audit', '--no-fund'], dir);
  run('npm', ['run', 'build'], dir);
  rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], dir);
  return dir;
}

const subjects = [];
for (const id of readdirSync(path.join(root, 'templates')).sort()) {
  const all = readdirSync(path.join(root, 'templates', id)).filter((v) => semver.valid(v));
  const versions = pinned ?? semver.rsort(all).slice(0, 2).reverse();
  for (const version of versions) {
    const dir = prepare(id, version);
    const newest = version === versions.at(-1);
    subjects.push({
      template: `${id}@${version}`,
      dir,
      bytes: du(path.join(dir, 'node_modules')),
      newest,
      starts: [],
    });
  }
}
// Starts interleaved across subjects, so machine noise hits every version alike.
for (let i = 0; i < RUNS; i++)
  for (const subject of subjects) subject.starts.push(await startAndStop(subject.dir));
const rows = subjects.map(({ template, bytes, newest, starts }) => ({
  template,
  mb: Number((bytes / 1048576).toFixed(1)),
  readyMs: Math.round(median(starts.map((s) => s.ready))),
  shutdownMs: Math.round(median(starts.map((s) => s.stop))),
  exitCodes: [...new Set(starts.map((s) => s.code))].join(','),
  withinBudget: bytes <= BUDGET,
  newest,
}));
rmSync(work, { recursive: true, force: true });
console.table(rows);
console.log(`production node_modules budget 40 MB; medians of ${RUNS} starts on Node 24`);
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
// Only the newest versions must meet the budget; the older rows are the comparison.
const held = rows.filter((r) => r.newest).every((r) => r.withinBudget && r.exitCodes === '0');
process.exitCode = held ? 0 : 1;
