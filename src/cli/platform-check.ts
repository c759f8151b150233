import { runCli } from './exit.js';
import { addHelpExamples } from './help-examples.js';
import { addCheckCommand, platformProgram } from './platform-program.js';

// `platform check` alone, bundled as one CommonJS file (dist/platform-check.cjs) that
// bin/platform.js loads when the command line starts with `check`: the same program as
// src/cli/platform.ts with only this command, so the check path skips the ES module loader.
const program = platformProgram();
addCheckCommand(program);
addHelpExamples(program);
// No top-level await: this entry is bundled as CommonJS (scripts/build.mjs).
void runCli(program);
