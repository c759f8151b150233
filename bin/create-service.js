#!/usr/bin/env node
// CommonJS (see package.json here): a render's own code loads without the ES module loader.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose
require('../dist/create-service.cjs');
