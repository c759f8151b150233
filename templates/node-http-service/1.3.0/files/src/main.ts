import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
// Already loaded by `node --import`; importing it again returns the same module instance.
import { shutdownTelemetry } from './instrumentation.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './metrics-server.js';

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
const { server, readiness, metrics } = await buildApp({ config, logger });
await server.listen({ port: config.PORT, host: config.HOST });
const metricsServer =
  config.METRICS_PORT === undefined
    ? undefined
    : await startMetricsServer(metrics.registry, config.METRICS_PORT, config.HOST);
logger.info({ port: config.PORT, metricsPort: config.METRICS_PORT ?? config.PORT }, 'ready');

let stopping = false;

/** Graceful shutdown: stop being ready, let traffic drain, close, then flush telemetry. */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  readiness.markShuttingDown();
  const deadline = setTimeout(() => {
    logger.error('shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  try {
    await sleep(config.SHUTDOWN_DELAY_MS);
    await server.close();
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
