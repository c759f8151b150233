import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  jobRuns: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
  jobLastSuccess: Gauge<'job'>;
}

/** A registry per worker instance, so tests never share counters. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    jobRuns: new Counter({
      name: 'worker_job_runs_total',
      help: 'Job runs, by job and outcome (success or failure).',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'worker_job_duration_seconds',
      help: 'Job run duration in seconds.',
      labelNames: ['job'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    jobLastSuccess: new Gauge({
      name: 'worker_job_last_success_timestamp_seconds',
      help: 'Unix time of the last successful run; alert when it grows stale.',
      labelNames: ['job'] as const,
      registers: [registry],
    }),
  };
}
