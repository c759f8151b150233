import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, isolatedEnv } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

// The tarball an org publishes, packed and installed the way users get it.
let pkgDir = '';
let tarball = '';

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => statSync(file).isFile());
}

beforeAll(async () => {
  const out = await testdir();
  const { stdout } = await execa('node', [
    path.join(ROOT, 'scripts/pack.mjs'),
    '--destination',
    out,
  ]);
  tarball = stdout.trim().split('\n').at(-1) ?? '';
  await execa('tar', ['xzf', tarball, '-C', out]);
  pkgDir = path.join(out, 'package');
}, 120_000);

describe('the published package', () => {
  test('carries the licence and runs no lifecycle script', () => {
    expect(readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(pkg.scripts).toBeUndefined();
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.private).toBeUndefined();
    expect(pkg).toMatchObject({
      bugs: { url: expect.stringMatching(/^https:\/\//) },
      repository: { url: expect.any(String) },
      homepage: expect.stringMatching(/^https:\/\//),
    });
  });

  test('lists every bundled package with its licence text in the third-party notices', () => {
    const notices = readFileSync(path.join(pkgDir, 'dist/THIRD_PARTY_NOTICES.md'), 'utf8');
    // The build's own record of what went into the bundle, independent of the notices code.
    const metafiles = JSON.parse(
      readFileSync(path.join(ROOT, 'dist/metafile.json'), 'utf8'),
    ) as Array<{ inputs: Record<string, unknown> }>;
    const roots = new Set(
      metafiles.flatMap((m) =>
        Object.keys(m.inputs).flatMap((input) => {
          const root = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
          return root ? [root] : [];
        }),
      ),
    );
    expect(roots.size).toBeGreaterThan(20);
    for (const root of roots) {
      const { name, version } = JSON.parse(
        readFileSync(path.join(ROOT, root, 'package.json'), 'utf8'),
      ) as { name: string; version: string };
      expect(notices, `${name}@${version}`).toContain(`## ${name}@${version}`);
      const licenseFile = readdirSync(path.join(ROOT, root)).find((f) => /^licen[cs]e/i.test(f));
      if (!licenseFile) throw new Error(`${name} has no licence file`);
      const firstLine = readFileSync(path.join(ROOT, root, licenseFile), 'utf8')
        .split('\n')
        .find((line) => line.trim() !== '')!
        .trim();
      expect(notices, `${name}'s licence text`).toContain(firstLine);
    }
  });

  test('ships no source maps and no embedded sources', () => {
    const files = filesBelow(pkgDir);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((f) => /\.(c?js|json)$/.test(f)))
      expect(readFileSync(file, 'utf8'), file).not.toContain('"sourcesContent"');
  });

  test('ships every doc the CLI points users to', () => {
    const code = filesBelow(path.join(pkgDir, 'dist'))
      .filter((f) => /\.c?js$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const linked = new Set(code.match(/docs\/[a-z-]+\.md/g) ?? []);
    expect(linked.size).toBeGreaterThan(0);
    for (const doc of linked) expect(existsSync(path.join(pkgDir, doc)), doc).toBe(true);
  });

  test('ships the regex worker thread, which loads the RE2 engine from its own chunks', async () => {
    // What src/regex-thread.ts does with the file: a long template regex search runs on it.
    const script = `
      const { Worker } = require('node:worker_threads');
      const worker = new Worker(process.argv[1]);
      worker.on('error', (error) => { console.error(error); process.exit(1); });
      worker.on('message', (reply) => { console.log(JSON.stringify(reply)); process.exit(0); });
      worker.postMessage({ id: 7, op: 'search', source: '^b+$', multiline: true, text: 'a\\nbb' });
    `;
    const run = await execa('node', ['-e', script, path.join(pkgDir, 'dist/regex-worker.js')], {
      reject: false,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id: 7, answer: 2 });
  });

  test("reads an org's platform.defaults.json from the package, under the user's config", async () => {
    writeFileSync(
      path.join(pkgDir, 'platform.defaults.json'),
      JSON.stringify({
        cli: { package: '@acme/platform-cli' },
        rules: { 'template.outdated': 'error' },
      }),
    );
    const env = await isolatedEnv();
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'platform'), { recursive: true });
    writeFileSync(
      path.join(env.XDG_CONFIG_HOME!, 'platform/config.json'),
      JSON.stringify({ rules: { 'template.outdated': 'warning' } }),
    );
    const printed = await execa(
      'node',
      [path.join(pkgDir, 'bin/platform.js'), 'config', 'print', '--json'],
      {
        cwd: await testdir(),
        env,
        extendEnv: false,
        reject: false,
      },
    );
    expect(printed.exitCode, printed.stderr).toBe(0);
    const doc = JSON.parse(printed.stdout) as { files: string[] };
    // The user's own file wins over the package's defaults.
    expect(doc).toMatchObject({
      config: { cli: { package: '@acme/platform-cli' }, rules: { 'template.outdated': 'warning' } },
    });
    expect(doc.files[0]).toBe(path.join(pkgDir, 'platform.defaults.json'));
  });

  test('installs from the tarball and answers --help through npx', async () => {
    const project = await testdir();
    const env = await isolatedEnv({ npm_config_cache: path.join(project, '.npm') });
    await execa('npm', ['init', '-y'], { cwd: project, env });
    // The package has no dependencies, so this install needs no registry.
    const install = await execa(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', tarball],
      { cwd: project, env, reject: false },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/prepare|lifecycle/i);
    for (const bin of ['create-service', 'platform']) {
      const help = await execa('npx', ['--no-install', bin, '--help'], {
        cwd: project,
        env,
        reject: false,
      });
      expect(help.exitCode, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/Usage:/);
    }
  }, 60_000);
});
