import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export interface JobContext {
  /** Aborted on shutdown: long jobs should pass it to fetch and check it between steps. */
  signal: AbortSignal;
  logger: Logger;
}

export interface Job {
  name: string;
  intervalMs: number;
  run(context: JobContext): Promise<void>;
}

const tracer = trace.getTracer('worker-scheduler');

/**
 * Runs each job now and then every `intervalMs` after the previous run ends, so runs of
 * one job never overlap. Every run is a span, a log line and a metric sample.
 */
export class Scheduler {
  readonly #jobs: Job[];
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #started = false;

  constructor(jobs: Job[], logger: Logger, metrics: Metrics) {
    this.#jobs = jobs;
    this.#logger = logger;
    this.#metrics = metrics;
  }

  get started(): boolean {
    return this.#started && !this.#abort.signal.aborted;
  }

  start(): void {
    this.#started = true;
    for (const job of this.#jobs) this.#schedule(job, 0);
  }

  /** Stops scheduling, aborts running jobs and waits for them to settle. */
  async stop(): Promise<void> {
    this.#abort.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  /** Runs one job once, recording its outcome; exported for tests and manual runs. */
  async runOnce(job: Job): Promise<boolean> {
    const logger = this.#logger.child({ job: job.name });
    const stopTimer = this.#metrics.jobDuration.startTimer({ job: job.name });
    return tracer.startActiveSpan(`job ${job.name}`, async (span) => {
      try {
        await job.run({ signal: this.#abort.signal, logger });
        this.#metrics.jobRuns.inc({ job: job.name, outcome: 'success' });
        this.#metrics.jobLastSuccess.setToCurrentTime({ job: job.name });
        logger.info({ durationSeconds: stopTimer() }, 'job succeeded');
        return true;
      } catch (error) {
        this.#metrics.jobRuns.inc({ job: job.name, outcome: 'failure' });
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        logger.error({ err: error, durationSeconds: stopTimer() }, 'job failed');
        return false;
      } finally {
        span.end();
      }
    });
  }

  #schedule(job: Job, delay: number): void {
    if (this.#abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const run = this.runOnce(job).then(() => {
        this.#running.delete(run);
        this.#schedule(job, job.intervalMs);
      });
      this.#running.add(run);
    }, delay);
    this.#timers.add(timer);
  }
}
