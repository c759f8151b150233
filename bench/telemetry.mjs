// Telemetry's cost on a command's wall time: `create-service` with usage events enabled (an
// endpoint on a local server) against the same command with them disabled, as medians of
// interleaved runs. Budget: under 15 ms added. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/create-service.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BUDGET_MS = 15;

let received = 0;
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    received++;
    response.writeHead(204).end();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${server.address().port}/v1/batch`;

const work = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-telemetry-'));
const env = (label, extra) => {
  const home = path.join(work, label);
  const config = path.join(home, 'config', 'platform');
  mkdirSync(config, { recursive: true });
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({ telemetry: { endpoint } }));
  writeFileSync(
    path.join(config, 'telemetry.json'),
    JSON.stringify({ consentVersion: 1, enabled: true, decidedAt: new Date().toISOString() }),
  );
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    NO_COLOR: '1',
    ...extra,
  };
};
const variants = { off: env('off', { PLATFORM_TELEMETRY_DISABLED: '1' }), on: env('on', {}) };

function run(label, i) {
  const cwd = path.join(work, `${label}-${i}`);
  mkdirSync(cwd);
  const args = [
    BIN,
    'svc',
    '-t',
    'node-http-service',
    '--set',
    'name=svc',
    '--yes',
    '--no-install',
    '--no-git',
  ];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env: variants[label], stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${label} run ${i} exited ${result.status}`);
  return ms;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

run('off', 'warm');
run('on', 'warm');
const times = { off: [], on: [] };
for (let i = 0; i < RUNS; i++) {
  // Alternate which goes first, and let each detached sender finish before the next pair.
  for (const label of i % 2 ? ['on', 'off'] : ['off', 'on']) {
    times[label].push(run(label, i));
    await sleep(150);
  }
}
await sleep(500);
server.close();
rmSync(work, { recursive: true, force: true });

const off = median(times.off);
const on = median(times.on);
const added = on - off;
console.log(
  `create-service, ${RUNS} interleaved runs each (node ${process.versions.node}, ${os.cpus().length} cores)`,
);
console.log(
  `  telemetry off  median ${off.toFixed(1)} ms  (min ${Math.min(...times.off).toFixed(1)})`,
);
console.log(
  `  telemetry on   median ${on.toFixed(1)} ms  (min ${Math.min(...times.on).toFixed(1)})`,
);
console.log(
  `  added          ${added.toFixed(1)} ms  (budget ${BUDGET_MS} ms)  ${added < BUDGET_MS ? 'OK' : 'OVER BUDGET'}`,
);
console.log(`  batches received by the local endpoint: ${received}`);
process.exitCode = added < BUDGET_MS ? 0 : 1;
