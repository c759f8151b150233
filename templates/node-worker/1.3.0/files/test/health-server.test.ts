import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHealthServer } from '../src/health-server.js';
import { createMetrics } from '../src/metrics.js';
import { Readiness } from '../src/readiness.js';

const logger = pino({ level: 'silent' });

function server(serveMetrics = true) {
  const readiness = new Readiness();
  const metrics = createMetrics();
  return { server: buildHealthServer({ logger, readiness, metrics, serveMetrics }), readiness, metrics };
}

describe('health server', () => {
  it('is live', async () => {
    const { server: s } = server();
    const response = await s.inject({ method: 'GET', url: '/livez' });
    expect(response.statusCode).toBe(200);
  });

  it('is ready only while the scheduler runs and shutdown has not begun', async () => {
    const { server: s, readiness } = server();
    let started = false;
    readiness.add('scheduler', () => started);
    expect((await s.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    started = true;
    expect((await s.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    readiness.markShuttingDown();
    const response = await s.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'shutting down' });
  });

  it('serves job metrics in the Prometheus text format', async () => {
    const { server: s, metrics } = server();
    metrics.jobRuns.inc({ job: 'heartbeat', outcome: 'success' });
    const response = await s.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('worker_job_runs_total{job="heartbeat",outcome="success"} 1');
    expect(response.body).toContain('# TYPE worker_job_duration_seconds histogram');
  });

  it('leaves /metrics to METRICS_PORT when asked', async () => {
    const { server: s } = server(false);
    expect((await s.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });
});
