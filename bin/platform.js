#!/usr/bin/env node
// CommonJS like create-service's bin (see package.json here); platform's code is ES modules.
import('../dist/platform.js');
