import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** Adds GET /metrics in the Prometheus text format. */
export function registerMetricsRoute(server: FastifyInstance, registry: Registry): void {
  server.get('/metrics', { logLevel: 'warn' }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}

/** A separate server for METRICS_PORT, so metrics are never exposed on the public port. */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host: string,
): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  registerMetricsRoute(server, registry);
  await server.listen({ port, host });
  return server;
}
