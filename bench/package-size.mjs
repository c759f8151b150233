// The unpacked size of the published tarball (budget: 2 MB). Size is not noisy, so one pack
// is the measurement; the number is what `npm install` puts on every user's disk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 2 * 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'bench-pack-'));
try {
  const tarball = execFileSync(
    process.execPath,
    [path.join(root, 'scripts/pack.mjs'), '--destination', out],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
    .trim()
    .split('\n')
    .at(-1);
  execFileSync('tar', ['xzf', tarball, '-C', out]);
  const files = readdirSync(path.join(out, 'package'), { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(out, 'package', f))
    .filter((f) => statSync(f).isFile());
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const packed = statSync(tarball).size;
  const verdict = bytes <= BUDGET ? 'within budget' : 'OVER BUDGET';
  console.log(
    `package: ${(bytes / 1048576).toFixed(2)} MB unpacked in ${files.length} files, ` +
      `${(packed / 1048576).toFixed(2)} MB packed (budget 2 MB unpacked): ${verdict}`,
  );
  process.exitCode = bytes <= BUDGET ? 0 : 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
