import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from './package-root.js';

/**
 * The worker thread that runs long template regex searches (src/regex-worker.ts), so that a
 * search over a large file never keeps Ctrl-C waiting. It is started on the first long search
 * and reused for the rest of the run. It never keeps the process alive: it holds the event loop
 * only while a search is pending, and Node ends it with the process (at once, even mid-search).
 */

/** One search, as the main thread posts it. */
export interface SearchRequest {
  id: number;
  op: 'test' | 'search';
  source: string;
  multiline: boolean;
  text: string;
}

/** The worker's answer: `test`'s boolean, or `search`'s index (-1 for no match). */
export interface SearchReply {
  id: number;
  answer: boolean | number;
}

interface Pending {
  resolve: (answer: boolean | number) => void;
  reject: (error: unknown) => void;
  /** The same search on this thread, for when no thread can be had. */
  here: () => boolean | number;
}

/** The search of one template regex on the worker thread; see `RegexThread.run`. */
export type ThreadSearch = Omit<SearchRequest, 'id'>;

/** A worker thread for regex searches, started lazily by the first `run`. */
export class RegexThread {
  readonly #script: string;
  #worker: Worker | undefined;
  // Set once the system would not give us a thread: later searches run here, as before.
  #unavailable = false;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(script: string) {
    this.#script = script;
  }

  /** Runs `search` on the thread; `here` answers it on this thread if no thread can start. */
  run(search: ThreadSearch, here: () => boolean | number): Promise<boolean | number> {
    const worker = this.#unavailable ? undefined : this.#started();
    if (!worker) return Promise.resolve().then(here);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, here });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, ...search } satisfies SearchRequest);
    });
  }

  #started(): Worker | undefined {
    if (this.#worker) return this.#worker;
    let worker: Worker;
    try {
      worker = new Worker(this.#script);
    } catch (error) {
      if (!isEnvironmentFailure(error)) throw error;
      this.#unavailable = true;
      return undefined;
    }
    worker.unref();
    worker.on('message', ({ id, answer }: SearchReply) => {
      const pending = this.#pending.get(id);
      this.#pending.delete(id);
      if (this.#pending.size === 0) worker.unref();
      pending?.resolve(answer);
    });
    worker.on('error', (error) => this.#lost(worker, error));
    worker.on('exit', (code) => this.#lost(worker, new Error(`the regex worker exited (${code})`)));
    this.#worker = worker;
    return worker;
  }

  // A thread the system cannot give (no memory, a thread limit) is the environment: the search
  // runs here, with the same answer, and only a Ctrl-C during it waits. Anything else (a missing
  // worker file, an error inside it) is our bug, and the command fails as one.
  #lost(worker: Worker, error: unknown): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    this.#unavailable = isEnvironmentFailure(error);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const search of pending) {
      if (!this.#unavailable) search.reject(error);
      else
        try {
          search.resolve(search.here());
        } catch (thrown) {
          search.reject(thrown);
        }
    }
  }
}

const ENVIRONMENT_CODES = new Set([
  'ERR_WORKER_INIT_FAILED',
  'ERR_WORKER_OUT_OF_MEMORY',
  'EAGAIN',
  'ENOMEM',
  'EMFILE',
]);

function isEnvironmentFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ENVIRONMENT_CODES.has(code);
}

let shared: RegexThread | undefined;

/** The run's one regex thread, from the build's `dist/regex-worker.js`. */
export function regexThread(): RegexThread {
  return (shared ??= new RegexThread(path.join(packageRoot(), 'dist', 'regex-worker.js')));
}
