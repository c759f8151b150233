import { createServer } from 'node:net';
import { execa } from 'execa';

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

/** Parses KEY=VALUE lines, as in .env.example; comments and blank values are skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1] && match[2]) env[match[1]] = match[2].trim();
  }
  return env;
}

function spawn(file: string, args: string[], cwd: string, env: Record<string, string>) {
  return execa(file, args, {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
}

export interface RunningService {
  process: ReturnType<typeof spawn>;
  output(): string;
}

/** Starts `command` (the package's start script, split on spaces) without a shell. */
export function startService(
  cwd: string,
  command: string,
  env: Record<string, string>,
): RunningService {
  const [file, ...args] = command.split(/\s+/);
  const child = spawn(file ?? 'node', args, cwd, env);
  let output = '';
  child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output };
}

/** Polls `url` until it answers, failing early with the output if the service exits. */
export async function waitForHttp(
  url: string,
  service: RunningService,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.process.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the service exited before answering:\n${service.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`no answer from ${url} after ${timeoutMs} ms:\n${service.output()}`);
}
