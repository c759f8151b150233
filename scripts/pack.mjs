// Builds the publishable tarball from a staged copy of the package: the built code without
// source maps, the templates, the user docs the CLI links to, the licence and the third-party
// notices, and a package.json without scripts or devDependencies, so installing it runs nothing.
// Usage: node scripts/pack.mjs [--destination <dir>]; prints the tarball's path.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const destination = path.resolve(
  args[0] === '--destination' && args[1] ? args[1] : path.join(root, 'pack'),
);

/** The docs a user of the installed package is pointed to; decisions.md is for developers. */
const USER_DOCS = [
  'ci.md',
  'publishing.md',
  'rules.md',
  'security.md',
  'telemetry.md',
  'templates.md',
  'upgrade.md',
];

const stage = mkdtempSync(path.join(tmpdir(), 'create-service-pack-'));
const built = path.join(stage, '.build');
try {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
    cwd: root,
    env: { ...process.env, BUILD_OUTDIR: built },
    stdio: 'inherit',
  });
  for (const entry of ['bin', 'templates', 'schema', 'README.md', 'LICENSE'])
    cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  cpSync(built, path.join(stage, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.map') && !source.endsWith('metafile.json'),
  });
  rmSync(built, { recursive: true, force: true });
  for (const doc of USER_DOCS) cpSync(path.join(root, 'docs', doc), path.join(stage, 'docs', doc));
  // An org's defaults (catalogs, cli.package, the endpoint), baked into its republished package.
  if (existsSync(path.join(root, 'platform.defaults.json')))
    cpSync(path.join(root, 'platform.defaults.json'), path.join(stage, 'platform.defaults.json'));

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const published = { ...pkg };
  for (const key of ['scripts', 'devDependencies', 'private']) delete published[key];
  published.files = ['bin', 'dist', 'templates', 'schema', 'docs', 'platform.defaults.json'];
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);

  mkdirSync(destination, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: stage,
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(out);
  process.stdout.write(`${path.join(destination, filename)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
