// Catalog benchmarks (part of `npm run bench`):
// - `create-service` from an npm catalog whose version is in the cache vs the same template
//   from the builtin catalog (budget 1.3x), medians of interleaved runs;
// - `platform templates list` over a folder catalog of 50 templates x 10 versions (budget 1 s),
//   the median of a few runs with a warm manifest cache, and the first (cold) run reported too.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, median, report, timeCommand } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const createBin = path.join(root, 'bin/create-service.js');
const platformBin = path.join(root, 'bin/platform.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-catalogs-'));
const env = {
  ...process.env,
  HOME: work,
  XDG_CONFIG_HOME: path.join(work, 'config'),
  XDG_CACHE_HOME: path.join(work, 'cache'),
  PLATFORM_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
};
const runs = Number(process.env.BENCH_RUNS ?? 15);

// A warm npm catalog cache: the package folder as `npm pack` would have unpacked it.
const cached = path.join(work, 'cache/platform/npm/@acme/templates/1.0.0');
mkdirSync(path.join(cached, 'templates'), { recursive: true });
writeFileSync(
  path.join(cached, 'package.json'),
  JSON.stringify({ name: '@acme/templates', version: '1.0.0' }),
);
cpSync(path.join(root, 'templates/node-worker'), path.join(cached, 'templates/node-worker'), {
  recursive: true,
});

const out = path.join(work, 'out');
const fresh = () => rmSync(out, { recursive: true, force: true });
const create = (catalog) => () =>
  timeCommand(
    [
      'node',
      createBin,
      out,
      '--catalog',
      catalog,
      '-t',
      'node-worker@1.2.0',
      '--set',
      'name=orders',
      '--yes',
      '--no-git',
      '--no-install',
    ],
    { env, cwd: work, before: fresh },
  );

// 50 templates x 10 versions, each a small manifest and one file.
const big = path.join(work, 'big-catalog');
for (let t = 0; t < 50; t++)
  for (let v = 0; v < 10; v++) {
    const dir = path.join(big, `tpl-${t}`, `1.${v}.0`);
    mkdirSync(path.join(dir, 'files'), { recursive: true });
    writeFileSync(
      path.join(dir, 'template.yaml'),
      `schemaVersion: 1\nid: tpl-${t}\nversion: 1.${v}.0\nname: Template ${t}\ndescription: Template number ${t}.\nparameters:\n  - { name: name, type: string, required: true }\n`,
    );
    writeFileSync(path.join(dir, 'files/README.md.hbs'), '# {{name}}\n');
  }
const list = () =>
  timeCommand(['node', platformBin, 'templates', 'list', '--catalog', big], { env, cwd: work });

try {
  const results = [
    compare({
      name: 'create-service from a warm npm catalog vs builtin',
      baseline: create('builtin'),
      subject: create('npm:@acme/templates@1.0.0'),
      runs,
      budget: 1.3,
    }),
  ];
  const ok = report(results);
  const cold = list();
  const warm = median(Array.from({ length: 7 }, list));
  const listOk = warm <= 1000;
  console.log(
    `${listOk ? 'ok  ' : 'OVER'} ${'templates list, 50 templates x 10 versions'.padEnd(58)} ${warm.toFixed(1).padStart(8)} ms (first run ${cold.toFixed(0)} ms; budget 1000 ms)`,
  );
  process.exitCode = ok && listOk ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
