/**
 * The regex worker's entry point (`dist/regex-worker.js`): a thread that runs the template
 * regex searches too long to run on the CLI's own thread (see src/regex-thread.ts). Each search
 * is still one synchronous RE2 call, the same code as on the main thread; while it runs, the
 * main thread's event loop stays free to answer Ctrl-C.
 */
import { parentPort } from 'node:worker_threads';
import { RE2JS } from './re2-engine.js';
import type { SearchReply, SearchRequest } from './regex-thread.js';
import { compileRegex, provideRegexEngine } from './untrusted-regex.js';

provideRegexEngine(RE2JS);

// compileRegex compiles each pattern once; a fleet check asks the same few of many files.
parentPort?.on('message', ({ id, op, source, multiline, text }: SearchRequest) => {
  const regex = compileRegex(source, { multiline });
  const reply: SearchReply = { id, answer: op === 'test' ? regex.test(text) : regex.search(text) };
  parentPort?.postMessage(reply);
});
