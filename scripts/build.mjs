// Bundles each bin's entry, dependencies included, with code splitting: a command loads only
// the chunks it uses, and Node resolves a handful of files instead of hundreds.
import { analyzeMetafile, build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledPackageRoots, collectNotices, formatNotices } from './third-party-notices.mjs';

// Handlebars requires source-map only to map compiled templates back to their source, which we
// never ask for; without it Handlebars uses its own small fallback.
const withoutSourceMap = {
  name: 'without-source-map',
  setup(build) {
    build.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'empty' }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({
      contents: 'module.exports = {};',
    }));
  },
};

// jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its ESM
// build (the `module` field) bundles cleanly.
const jsoncParserEsm = {
  name: 'jsonc-parser-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({
      path: fileURLToPath(new URL('../node_modules/jsonc-parser/lib/esm/main.js', import.meta.url)),
    }));
  },
};

// Commander's "did you mean" suggester is not in its exports; the CLI reuses it for template
// ids (src/did-you-mean.ts), so that every guess reads the same.
const commanderSuggest = {
  name: 'commander-suggest',
  setup(build) {
    build.onResolve({ filter: /^commander\/lib\/suggestSimilar\.js$/ }, () => ({
      path: fileURLToPath(
        new URL('../node_modules/commander/lib/suggestSimilar.js', import.meta.url),
      ),
    }));
  },
};

// Commander requires node:child_process at load only to start executable subcommands, which
// we never use; loading it (and net, dgram and streams with it) cost every run a few
// milliseconds. It is required when first used instead.
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(eager))
        throw new Error(`${args.path}: the child_process require to make lazy is gone`);
      const lazy =
        "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

// Libraries both bins load only on demand (the install's process runner, the prompts, the
// spinner, the RE2 engine, the two YAML readers) are bundled once, into
// dist/chunks/vendor-*.js, instead of into each bin's chunks: create-service has its own build
// (below), and two copies of them would outgrow the package's size budget. Their importers are
// always chunks, in the same folder.
const VENDOR = {
  execa: 'execa',
  'yocto-spinner': 'yocto-spinner',
  re2js: 're2js',
  'inquirer-prompts': 'src/adapters/inquirer-prompts.ts',
  yaml: 'vendor-entry:yaml',
  'js-yaml': 'vendor-entry:js-yaml',
};
// A vendor file exports only what our code imports from the library, so the rest can be left
// out; importing anything else fails at once, in every test that loads the importer.
const VENDOR_EXPORTS = {
  yaml: ['parse', 'parseAllDocuments', 'parseDocument'],
  'js-yaml': ['load', 'loadAll'],
};
const vendorEntries = {
  name: 'vendor-entries',
  setup(build) {
    build.onResolve({ filter: /^vendor-entry:/ }, (args) => ({
      path: args.path.slice('vendor-entry:'.length),
      namespace: 'vendor-entry',
    }));
    build.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => ({
      contents: `export { ${VENDOR_EXPORTS[args.path].join(', ')} } from '${args.path}';`,
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    }));
  },
};
// Libraries that are CommonJS themselves, which the CommonJS bundles (create-service's and
// `platform check`'s) and platform's chunks all use: bundled once, as CommonJS files
// (dist/chunks/vendor-*.cjs) that the bundles require() and the chunks import, instead of a
// copy in each (three copies pushed the package over its size budget). They are what a render
// needs; a clean check never loads them.
const VENDOR_CJS = ['handlebars', 'picomatch'];
// `from` is where the importing file sits relative to dist/chunks: the chunks themselves, or
// a CommonJS bundle one folder up.
const vendorExternalFrom = (from) => ({
  name: 'vendor-external',
  setup(build) {
    build.onResolve(
      { filter: /^(execa|yocto-spinner|re2js|yaml|js-yaml|\.\/inquirer-prompts\.js)$/ },
      (args) => ({
        path: `${from}vendor-${args.path.replace(/^\.\/|\.js$/g, '')}.js`,
        external: true,
      }),
    );
    build.onResolve({ filter: new RegExp(`^(${VENDOR_CJS.join('|')})$`) }, (args) => ({
      path: `${from}vendor-${args.path}.cjs`,
      external: true,
    }));
  },
});
const vendorExternal = vendorExternalFrom('./');

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// `npm run pack` builds into its own folder (BUILD_OUTDIR), so packing never pulls the bins'
// dist/ from under a test or command running beside it.
const outdir = path.resolve(
  fileURLToPath(new URL('..', import.meta.url)),
  process.env.BUILD_OUTDIR ?? 'dist',
);
await rm(outdir, { recursive: true, force: true });
const bundleOptions = {
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Less source for V8 to scan at start-up; stack traces map back through the source maps.
  minify: true,
  keepNames: false,
  sourcemap: 'linked',
  // Maps name files and lines only; embedding every dependency's source would triple the package.
  sourcesContent: false,
  chunkNames: 'chunks/[name]-[hash]',
  define: {
    __CLI_VERSION__: JSON.stringify(pkg.version),
    __CLI_PACKAGE__: JSON.stringify(pkg.name),
    __BUILD_ID__: JSON.stringify(`${pkg.version}+${Date.now().toString(36)}`),
    __CLI_BUGS_URL__: JSON.stringify(pkg.bugs.url),
  },
  plugins: [
    withoutSourceMap,
    jsoncParserEsm,
    commanderSuggest,
    commanderLazyChildProcess,
    vendorExternal,
  ],
  metafile: true,
  logLevel: 'warning',
};
const { metafile } = await build({
  ...bundleOptions,
  entryPoints: {
    platform: 'src/cli/platform.ts',
    // The detached sender: its own small entry, importing nothing of the user's project.
    'telemetry-sender': 'src/cli/telemetry-sender.ts',
    // The thread long template regex searches run on (src/regex-thread.ts); it shares the RE2
    // engine's chunks with platform.
    'regex-worker': 'src/regex-worker.ts',
  },
});
// create-service is bundled on its own, as one CommonJS file (dist/create-service.cjs, loaded
// by a CommonJS bin). Sharing chunks with platform's dozen commands cut its code into some fifty
// files, and Node's ES module loader pays for each file it resolves, reads and links; as one
// CommonJS file, a render's own code never goes through that loader at all (measured: 14 ms
// off a cold render of the realistic template). It import()s the ES module vendor files and
// require()s the CommonJS ones.
// `platform check`, the command CI runs on every push, gets the same treatment: its own
// CommonJS file (dist/platform-check.cjs) with only that command, which bin/platform.js loads for
// a command line that starts with `check` (measured: about 30 ms off a check of a rendered
// service). Each entry is a separate bundle; they share only the vendor files.
const { metafile: createMetafile } = await build({
  ...bundleOptions,
  entryPoints: {
    'create-service': 'src/cli/create-service.ts',
    'platform-check': 'src/cli/platform-check.ts',
  },
  splitting: false,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...bundleOptions.define, 'import.meta.url': '__importMetaUrl' },
  plugins: [
    withoutSourceMap,
    jsoncParserEsm,
    commanderSuggest,
    commanderLazyChildProcess,
    vendorExternalFrom('./chunks/'),
  ],
});

const { metafile: vendorMetafile } = await build({
  ...bundleOptions,
  entryPoints: Object.fromEntries(
    Object.entries(VENDOR).map(([name, entry]) => [`chunks/vendor-${name}`, entry]),
  ),
  chunkNames: 'chunks/vendor-[name]-[hash]',
  plugins: [withoutSourceMap, vendorEntries],
});
const { metafile: vendorCjsMetafile } = await build({
  ...bundleOptions,
  entryPoints: Object.fromEntries(VENDOR_CJS.map((name) => [`chunks/vendor-${name}`, name])),
  splitting: false,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  banner: {},
  plugins: [withoutSourceMap],
});
// An ES module entry sits one folder above the vendor files; a vendor import there would break.
for (const entry of ['platform', 'telemetry-sender', 'regex-worker']) {
  const code = await readFile(path.join(outdir, `${entry}.js`), 'utf8');
  if (code.includes('./vendor-'))
    throw new Error(`dist/${entry}.js imports a vendor file; only chunks may (see VENDOR)`);
}

// The usage-event recorder as one CommonJS file: the CLI loads it with a synchronous require(),
// which costs a fraction of an ES module graph's import().
const { metafile: recorderMetafile } = await build({
  entryPoints: { 'telemetry-recorder': 'src/telemetry/record-event.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});

// The metafiles stay beside the build (not shipped) so the packaging test can check the notices.
await writeFile(
  path.join(outdir, 'metafile.json'),
  JSON.stringify([metafile, createMetafile, vendorMetafile, vendorCjsMetafile, recorderMetafile]),
);
await writeFile(
  path.join(outdir, 'THIRD_PARTY_NOTICES.md'),
  formatNotices(
    collectNotices(
      bundledPackageRoots([
        metafile,
        createMetafile,
        vendorMetafile,
        vendorCjsMetafile,
        recorderMetafile,
      ]),
    ),
    pkg.name,
  ),
);

// The configuration's JSON Schema, generated from the zod schema so the two cannot disagree.
const { outputFiles } = await build({
  stdin: {
    contents:
      "import * as z from 'zod'; import { configSchema } from './src/config/config-schema.ts'; export default z.toJSONSchema(configSchema(), { io: 'input' });",
    resolveDir: '.',
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
});
const { default: schema } = await import(
  `data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`
);
await mkdir(new URL('../schema', import.meta.url), { recursive: true });
await writeFile(
  new URL('../schema/config.schema.json', import.meta.url),
  `${JSON.stringify({ title: 'create-service platform configuration', ...schema }, null, 2)}\n`,
);
if (process.env.BUILD_ANALYZE)
  for (const m of [metafile, createMetafile]) console.log(await analyzeMetafile(m));
