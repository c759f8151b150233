/**
 * The regex worker's entry point (`dist/regex-worker.js`): a thread that runs the template
 * regex searches too long to run on the CLI's own thread (see src/regex-thread.ts). Each search
 * is still one synchronous call, the same code as on the main thread; while it runs, the main
 * thread's event loop stays free to answer Ctrl-C.
 */
import { parentPort } from 'node:worker_threads';
import type { SearchReply, SearchRequest } from './regex-thread.js';
import { compileRegex, prepareRegexes } from './untrusted-regex.js';

// compileRegex compiles each pattern once; a fleet check asks the same few of many files.
async function answer({ id, op, source, multiline, text }: SearchRequest): Promise<void> {
  // Loads the RE2 engine the first time a pattern needs it: most run on the simple automaton.
  await prepareRegexes([source]);
  const regex = compileRegex(source, { multiline });
  const reply: SearchReply = { id, answer: op === 'test' ? regex.test(text) : regex.search(text) };
  parentPort?.postMessage(reply);
}

// A failure is a bug: unhandled, it ends the thread, and the waiting search fails with it.
parentPort?.on('message', (request: SearchRequest) => void answer(request));
