#!/usr/bin/env node
// CommonJS like create-service's bin (see package.json here). `platform check …` loads its own
// CommonJS bundle, which skips the ES module loader (scripts/build.mjs); every other command
// line, global options before the subcommand included, loads the ES module build of all commands.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose
if (process.argv[2] === 'check') require('../dist/platform-check.cjs');
else import('../dist/platform.js');
