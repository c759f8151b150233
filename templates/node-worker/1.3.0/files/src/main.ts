import { ConfigError, loadConfig, type Config } from './config.js';
import { buildHealthServer } from './health-server.js';
// Already loaded by `node --import`; importing it again returns the same module instance.
import { shutdownTelemetry } from './instrumentation.js';
import { heartbeatJob } from './jobs/heartbeat.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './metrics-server.js';
import { createMetrics } from './metrics.js';
import { Readiness } from './readiness.js';
import { Scheduler } from './scheduler.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Names only: a value, even an invalid one, may be a secret.
    console.error(error.message);
    process.exit(1);
  }
}

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const metrics = createMetrics();
const readiness = new Readiness();
const scheduler = new Scheduler(
  [
    heartbeatJob({
      intervalMs: config.HEARTBEAT_INTERVAL_MS,
      url: config.HEARTBEAT_URL,
      token: config.UPSTREAM_TOKEN,
    }),
  ],
  logger,
  metrics,
);
readiness.add('scheduler', () => scheduler.started);

const health = buildHealthServer({
  logger,
  readiness,
  metrics,
  serveMetrics: config.METRICS_PORT === undefined,
});
await health.listen({ port: config.PORT, host: config.HOST });
const metricsServer =
  config.METRICS_PORT === undefined
    ? undefined
    : await startMetricsServer(metrics.registry, config.METRICS_PORT, config.HOST);
scheduler.start();
logger.info({ port: config.PORT, metricsPort: config.METRICS_PORT ?? config.PORT }, 'ready');

let stopping = false;

/** Graceful shutdown: stop scheduling, let the running job finish, then flush telemetry. */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  readiness.markShuttingDown();
  const deadline = setTimeout(() => {
    logger.error('shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  try {
    await scheduler.stop();
    await health.close();
    await metricsServer?.close();
    logger.info('stopped');
    await shutdownTelemetry();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
  }
  // An export socket to a collector that never answers would keep the process alive.
  process.exit();
}

process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));
