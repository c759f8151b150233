// `npm run bench`: every benchmark in turn, each against its own same-run baseline. One over
// its budget does not stop the others; the exit code says whether all held.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const suites = [
  'run.mjs',
  'check.mjs',
  'upgrade.mjs',
  'telemetry.mjs',
  'fleet.mjs',
  'package-size.mjs',
  'catalogs.mjs',
];
const failed = [];
for (const suite of suites) {
  console.log(`\n== bench/${suite}`);
  const { status } = spawnSync(process.execPath, [path.join(here, suite)], { stdio: 'inherit' });
  if (status !== 0) failed.push(suite);
}
console.log(
  failed.length
    ? `\nOver budget or failed: ${failed.join(', ')}`
    : '\nEvery benchmark is within its budget.',
);
process.exitCode = failed.length ? 1 : 0;
