import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { afterAll } from 'vitest';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

export interface Collector {
  url: string;
  /** Every request body received, parsed as JSON. */
  bodies: unknown[];
  /** The raw request bodies. */
  raw: string[];
  requests: number;
}

/** A real HTTP server on 127.0.0.1 that records what it gets and answers `status`. */
export async function collector(status = 204): Promise<Collector> {
  const state: Collector = { url: '', bodies: [], raw: [], requests: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.requests++;
      const text = Buffer.concat(chunks).toString('utf8');
      state.raw.push(text);
      try {
        state.bodies.push(JSON.parse(text));
      } catch {
        state.bodies.push(text);
      }
      response.writeHead(status).end();
    });
  });
  state.url = `http://127.0.0.1:${await listen(server)}/v1/batch`;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return state;
}

/** Accepts connections and never answers: the worst endpoint there is. */
export async function blackHole(): Promise<{ url: string; connections: number }> {
  const sockets = new Set<net.Socket>();
  const state = { url: '', connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  state.url = `http://127.0.0.1:${await listen(server)}/v1/batch`;
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return state;
}

/** A port that was free a moment ago and has nobody listening now. */
export async function closedPort(): Promise<string> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/batch`;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** Live detached senders working on this spool folder (their argv names it). */
export function sendersFor(spoolDir: string): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter((line) => line.includes('telemetry-sender.js') && line.includes(spoolDir))
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** Polls until `test` is true or `timeoutMs` passes; returns the last result. */
export async function waitFor(test: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (test()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return test();
}
