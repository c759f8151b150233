// Foundation benchmarks (`npm run bench`): start-up and rendering, as ratios of medians
// against baselines taken in the same run.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare as compareAll, report, timeCommand } from './lib.mjs';
import { REALISTIC_ANSWERS, writeRealisticTemplate } from './realistic-template.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/create-service.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'cs-bench-'));
const env = {
  ...process.env,
  HOME: work,
  XDG_CONFIG_HOME: path.join(work, 'config'),
  XDG_CACHE_HOME: path.join(work, 'cache'),
  PLATFORM_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
};
const runs = Number(process.env.BENCH_RUNS ?? 21);
// BENCH_ONLY=<regex> runs only the comparisons whose name matches, e.g. BENCH_ONLY=realistic.
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;
const compare = (options) => (only && !only.test(options.name) ? [] : [compareAll(options)]);

// A 20-file template: each file is 20 lines using the answers.
const catalog = path.join(work, 'catalog');
const files = path.join(catalog, 'bench/1.0.0/files');
mkdirSync(files, { recursive: true });
writeFileSync(
  path.join(catalog, 'bench/1.0.0/template.yaml'),
  'schemaVersion: 1\nid: bench\nversion: 1.0.0\nname: Bench\ndescription: Twenty files.\nparameters:\n  - { name: name, type: string, required: true }\n  - { name: port, type: number, default: 8080 }\n',
);
const line = (i) => `export const value${i} = '{{name}}-{{port}}-${i}'; // {{upperCase name}}`;
for (let f = 0; f < 20; f++)
  writeFileSync(
    path.join(files, `file-${f}.ts.hbs`),
    Array.from({ length: 20 }, (_, i) => line(i)).join('\n') + '\n',
  );

// The baseline: a bare Handlebars script doing the same reads, renders and writes.
const bare = path.join(work, 'bare.mjs');
writeFileSync(
  bare,
  `import Handlebars from ${JSON.stringify(path.join(root, 'node_modules/handlebars/lib/index.js'))};
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const [src, out, answers, data] = process.argv.slice(2);
const options = { data: data ? JSON.parse(data) : {} };
const context = answers ? JSON.parse(answers) : { name: 'orders', port: 8080 };
const words = (s) => String(s).split(/[^A-Za-z0-9]+/).filter(Boolean);
for (const [n, f] of Object.entries({ upperCase: (s) => String(s).toUpperCase(), lowerCase: (s) => String(s).toLowerCase(), kebabCase: (s) => words(s).join('-'), snakeCase: (s) => words(s).join('_'), camelCase: (s) => words(s).join(''), pascalCase: (s) => words(s).join(''), eq: (a, b) => a === b, ne: (a, b) => a !== b, not: (a) => !a, and: (a, b) => a && b, or: (a, b) => a || b, json: (a) => JSON.stringify(a) })) Handlebars.registerHelper(n, f);
const walk = (dir, rel = '') => readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name), rel + e.name + '/') : [rel + e.name]);
for (const file of walk(src)) {
  const rel = file.includes('{{') ? Handlebars.compile(file, { strict: true, noEscape: true })(context, options) : file;
  const target = path.join(out, rel.replace(/\\.hbs$/, ''));
  mkdirSync(path.dirname(target), { recursive: true });
  const text = readFileSync(path.join(src, file));
  writeFileSync(target, file.endsWith('.hbs') ? Handlebars.compile(text.toString(), { strict: true, noEscape: true })(context, options) : text);
}
`,
);

const fresh = (dir) => () => rmSync(dir, { recursive: true, force: true });
const out = path.join(work, 'out');
const results = [
  ...compare({
    name: 'create-service --help vs node -e 0',
    baseline: () => timeCommand(['node', '-e', '0'], { env }),
    subject: () => timeCommand(['node', bin, '--help'], { env }),
    runs,
    budget: 2,
  }),
  ...compare({
    name: 'render 20 files (--no-git --no-install) vs bare Handlebars',
    baseline: () => timeCommand(['node', bare, files, out], { env, before: fresh(out) }),
    subject: () =>
      timeCommand(
        [
          'node',
          bin,
          out,
          '--catalog',
          catalog,
          '-t',
          'bench',
          '--set',
          'name=orders',
          '--yes',
          '--no-git',
          '--no-install',
        ],
        {
          env,
          cwd: work,
          before: fresh(out),
        },
      ),
    runs,
    budget: 1.3,
  }),
];

// The realistic template, with a cold cache: nothing create-service could reuse from an
// earlier run (the manifest cache) is left, so the subject pays every start-up cost.
const realisticCatalog = path.join(work, 'realistic-catalog');
const realisticFiles = writeRealisticTemplate(realisticCatalog);
const cold = () => {
  fresh(out)();
  rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
};
results.push(
  ...compare({
    name: 'render realistic 20 files, cold cache, vs bare Handlebars',
    baseline: () =>
      timeCommand(['node', bare, realisticFiles, out, JSON.stringify(REALISTIC_ANSWERS)], {
        env,
        before: cold,
      }),
    subject: () =>
      timeCommand(
        [
          'node',
          bin,
          out,
          '--catalog',
          realisticCatalog,
          '-t',
          'realistic',
          ...Object.entries(REALISTIC_ANSWERS).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
          '--yes',
          '--no-git',
          '--no-install',
        ],
        { env, cwd: work, before: cold },
      ),
    runs,
    budget: 1.2,
  }),
);

// Each built-in template's latest version against the same bare script over its files.
for (const id of ['node-http-service', 'node-worker']) {
  const versions = path.join(root, 'templates', id);
  let latest;
  try {
    latest = (await import('semver')).default.rsort(
      (await import('node:fs')).readdirSync(versions),
    )[0];
  } catch {
    continue;
  }
  const templateFiles = path.join(work, `${id}-files`);
  cpSync(path.join(versions, latest, 'files'), templateFiles, { recursive: true });
  // The same answers create-service uses with --yes: every default, plus the name.
  const manifest = (await import('yaml')).parse(
    (await import('node:fs')).readFileSync(path.join(versions, latest, 'template.yaml'), 'utf8'),
  );
  const answers = JSON.stringify({
    ...Object.fromEntries(manifest.parameters.map((p) => [p.name, p.default ?? null])),
    name: 'orders',
  });
  // The reserved @platform variables the built-ins use since 1.2.0, as create-service sets them.
  const data = JSON.stringify({
    platform: {
      cli: { package: 'create-service', version: '0.0.0' },
      template: { id, version: latest, catalog: '' },
    },
  });
  results.push(
    ...compare({
      name: `render ${id}@${latest} vs bare Handlebars`,
      baseline: () =>
        timeCommand(['node', bare, templateFiles, out, answers, data], {
          env,
          before: fresh(out),
        }),
      subject: () =>
        timeCommand(
          ['node', bin, out, '-t', id, '--set', 'name=orders', '--yes', '--no-git', '--no-install'],
          { env, cwd: work, before: fresh(out) },
        ),
      runs,
      budget: 1.3,
    }),
  );
}

const ok = report(results);
rmSync(work, { recursive: true, force: true });
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
process.exitCode = ok ? 0 : 1;
