import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics.js';
import { Scheduler, type Job } from '../src/scheduler.js';

const logger = pino({ level: 'silent' });
const schedulers: Scheduler[] = [];

function scheduler(jobs: Job[]) {
  const metrics = createMetrics();
  const s = new Scheduler(jobs, logger, metrics);
  schedulers.push(s);
  return { scheduler: s, metrics };
}

async function metricValue(
  metrics: ReturnType<typeof createMetrics>,
  outcome: string,
): Promise<number> {
  const data = await metrics.jobRuns.get();
  return data.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
});

describe('Scheduler', () => {
  it('counts successes and failures', async () => {
    let fail = false;
    const job: Job = {
      name: 'flaky',
      intervalMs: 1000,
      run: () => (fail ? Promise.reject(new Error('boom')) : Promise.resolve()),
    };
    const { scheduler: s, metrics } = scheduler([job]);
    expect(await s.runOnce(job)).toBe(true);
    fail = true;
    expect(await s.runOnce(job)).toBe(false);
    expect(await metricValue(metrics, 'success')).toBe(1);
    expect(await metricValue(metrics, 'failure')).toBe(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('worker_job_duration_seconds_count{job="flaky"} 2');
    expect(text).toMatch(/worker_job_last_success_timestamp_seconds\{job="flaky"\} \d+/);
  });

  it('runs at once, then on its interval, never overlapping', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const job: Job = {
      name: 'slow',
      intervalMs: 10,
      run: async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
        runs += 1;
      },
    };
    const { scheduler: s } = scheduler([job]);
    s.start();
    expect(s.started).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await s.stop();
    expect(s.started).toBe(false);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxRunning).toBe(1);
  });

  it('aborts the running job on stop and waits for it', async () => {
    let aborted = false;
    const job: Job = {
      name: 'long',
      intervalMs: 60_000,
      run: ({ signal }) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    };
    const { scheduler: s } = scheduler([job]);
    s.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await s.stop();
    expect(aborted).toBe(true);
  });
});
