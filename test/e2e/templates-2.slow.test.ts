// Slow suite, shard 2 of 2 of the built-in templates' (see builtin-template-suite.ts):
// two files, so two vitest workers render, install, test and start them side by side.
import { describeBuiltinTemplates } from './builtin-template-suite.js';

describeBuiltinTemplates(1, 2);
