import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';
import { registerMetricsRoute } from './metrics-server.js';
import type { Readiness } from './readiness.js';

export interface HealthServerOptions {
  logger: FastifyBaseLogger;
  readiness: Readiness;
  metrics: Metrics;
  /** When false, /metrics lives on its own server (METRICS_PORT). */
  serveMetrics: boolean;
}

/** The worker's small HTTP server: probes for Kubernetes and metrics for Prometheus. */
export function buildHealthServer(options: HealthServerOptions): FastifyInstance {
  const server = Fastify({ loggerInstance: options.logger });
  // Probes every few seconds would drown the job logs.
  const quiet = { logLevel: 'warn' } as const;
  server.get('/livez', quiet, () => ({ status: 'ok' }));
  server.get('/readyz', quiet, (_request, reply) => {
    const state = options.readiness.state();
    return reply.code(state.ready ? 200 : 503).send(state);
  });
  if (options.serveMetrics) registerMetricsRoute(server, options.metrics.registry);
  return server;
}
