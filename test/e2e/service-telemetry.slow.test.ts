// Slow: the newest node-http-service, installed and built on the Node major it targets, runs
// against a real OTLP/HTTP receiver on 127.0.0.1: server spans name their route, probes make
// no spans, and SIGTERM ends with exit 0 well inside the pod's grace period whether the
// collector is missing or accepts and never answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestBuiltin } from '../helpers/builtin-templates.js';
import { NPM_CACHE_ENV, ensureNodeMajor, envWithNode } from '../helpers/node-runtime.js';
import { runBin } from '../helpers/run-bin.js';
import { freePort, startService, waitForHttp } from '../helpers/service-process.js';
import { testdir } from '../helpers/testdir.js';

const MINUTE = 60_000;
const ID = 'node-http-service';
// Built at run time, like the service's own tests: no secret-shaped literal.
const API_KEY = 'test-'.repeat(4);

interface ReceivedSpan {
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP JSON receiver; `silent` accepts connections and never answers. */
async function receiver(
  silent = false,
): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    if (silent) return;
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const doc = JSON.parse(body) as {
        resourceSpans?: {
          scopeSpans?: {
            spans?: {
              name: string;
              kind: number;
              attributes?: { key: string; value: Record<string, unknown> }[];
            }[];
          }[];
        }[];
      };
      for (const resource of doc.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({
              name: span.name,
              kind: span.kind,
              attributes: Object.fromEntries(
                (span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]),
              ),
            });
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, spans };
}

describe(`${ID} at its newest version, running`, () => {
  let dir = '';
  let env: Record<string, string> = {};
  const servers: Server[] = [];

  beforeAll(async () => {
    const cwd = await testdir();
    const created = await runBin(
      'create-service',
      [
        'svc',
        '-t',
        `${ID}@${newestBuiltin(ID)}`,
        '--set',
        'name=otel-e2e',
        '--yes',
        '--no-install',
      ],
      { cwd },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    dir = path.join(cwd, 'svc');
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    env = envWithNode(
      await ensureNodeMajor(semver.minVersion(pkg.engines.node)?.major ?? 24),
      NPM_CACHE_ENV,
    );
    for (const args of [
      ['install', '--no-audit', '--no-fund'],
      ['run', 'build'],
    ]) {
      const result = await execa('npm', args, {
        cwd: dir,
        env,
        extendEnv: false,
        all: true,
        reject: false,
        stdin: 'ignore',
      });
      expect(result.exitCode, result.all).toBe(0);
    }
  }, 10 * MINUTE);

  afterAll(() => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  async function start(endpoint: string, extra: Record<string, string> = {}) {
    const port = await freePort();
    const service = startService(dir, 'node --import ./dist/instrumentation.js dist/main.js', {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_KEY,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      ...extra,
    });
    await waitForHttp(`http://127.0.0.1:${port}/livez`, service);
    return { service, base: `http://127.0.0.1:${port}` };
  }

  async function stop(service: ReturnType<typeof startService>) {
    const started = performance.now();
    service.process.kill('SIGTERM');
    const result = await service.process;
    return { exitCode: result.exitCode, ms: performance.now() - started };
  }

  it(
    'exports server spans that carry http.route, and none for probes or metrics',
    async () => {
      const otlp = await receiver();
      servers.push(otlp.server);
      const { service, base } = await start(otlp.url, {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      });
      for (const probe of ['/livez', '/readyz', '/metrics']) await fetch(`${base}${probe}`);
      const greeting = await fetch(`${base}/v1/greetings/ada`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(greeting.status).toBe(200);
      const stopped = await stop(service);
      expect(stopped.exitCode, service.output()).toBe(0);

      const serverSpans = otlp.spans.filter((s) => s.kind === 2);
      expect(serverSpans.map((s) => s.attributes['http.route'])).toEqual(['/v1/greetings/:name']);
      const paths = otlp.spans.map((s) => s.attributes['url.path']).filter(Boolean);
      expect(paths.length).toBeGreaterThan(0);
      for (const probe of ['/livez', '/readyz', '/metrics']) expect(paths).not.toContain(probe);
      // Probes log nothing at info: only the greeting has request lines.
      const requestLines = service
        .output()
        .split('\n')
        .filter((line) => line.includes('"reqId"'));
      expect(requestLines.join('\n')).not.toMatch(/livez|readyz|metrics/);
    },
    2 * MINUTE,
  );

  it(
    'exits 0 within 5 s on SIGTERM when no collector runs',
    async () => {
      const { service, base } = await start(`http://127.0.0.1:${await freePort()}`);
      await fetch(`${base}/v1/greetings/ada`, { headers: { authorization: `Bearer ${API_KEY}` } });
      const stopped = await stop(service);
      console.info(`${ID}: shutdown with no collector ${Math.round(stopped.ms)} ms`);
      expect(stopped.exitCode, service.output()).toBe(0);
      expect(stopped.ms).toBeLessThan(5000);
    },
    2 * MINUTE,
  );

  it(
    'exits 0 within 5 s on SIGTERM when the collector accepts and never answers',
    async () => {
      const silent = await receiver(true);
      servers.push(silent.server);
      const { service, base } = await start(silent.url);
      await fetch(`${base}/v1/greetings/ada`, { headers: { authorization: `Bearer ${API_KEY}` } });
      const stopped = await stop(service);
      expect(stopped.exitCode, service.output()).toBe(0);
      expect(stopped.ms).toBeLessThan(5000);
    },
    2 * MINUTE,
  );
});
