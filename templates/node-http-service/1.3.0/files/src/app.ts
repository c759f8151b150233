import { timingSafeEqual } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { Config } from './config.js';
import { createMetrics, type Metrics } from './metrics.js';
import { registerMetricsRoute } from './metrics-server.js';
import { Readiness } from './readiness.js';

export interface AppOptions {
  config: Pick<Config, 'API_KEY' | 'METRICS_PORT'>;
  logger: FastifyBaseLogger;
  readiness?: Readiness;
  metrics?: Metrics;
}

export interface App {
  server: FastifyInstance;
  readiness: Readiness;
  metrics: Metrics;
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export async function buildApp(options: AppOptions): Promise<App> {
  const readiness = options.readiness ?? new Readiness();
  const metrics = options.metrics ?? createMetrics();
  const server = Fastify({ loggerInstance: options.logger });

  server.addHook('onResponse', (request, reply, done) => {
    // The route template, not the URL, so label cardinality stays bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration
      .labels(request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
    done();
  });

  // Probes every few seconds would drown the request logs.
  const quiet = { logLevel: 'warn' } as const;
  server.get('/livez', quiet, () => ({ status: 'ok' }));
  server.get('/readyz', quiet, (_request, reply) => {
    const state = readiness.state();
    return reply.code(state.ready ? 200 : 503).send(state);
  });
  if (options.config.METRICS_PORT === undefined) registerMetricsRoute(server, metrics.registry);

  await server.register(
    (v1, _options, done) => {
      v1.addHook('onRequest', (request, reply, done) => {
        if (hasBearer(request, options.config.API_KEY)) return done();
        void reply.code(401).send({ error: 'unauthorized' });
      });
      v1.get<{ Params: { name: string } }>(
        '/greetings/:name',
        {
          schema: {
            params: {
              type: 'object',
              properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
              required: ['name'],
            },
          },
        },
        (request) => ({ message: `Hello, ${request.params.name}!` }),
      );
      done();
    },
    { prefix: '/v1' },
  );

  return { server, readiness, metrics };
}

function hasBearer(request: FastifyRequest, apiKey: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
