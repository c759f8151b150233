import { spawn } from 'node:child_process';
import { BIN, isolatedEnv } from './run-bin.js';

export const ENTER = '\r';
export const DOWN = '\x1b[B';
export const BACKSPACE = '\x7f';

/**
 * Drives a bin (create-service by default) through a real pseudo-terminal (util-linux
 * `script`), answering each prompt when it appears on screen, as a person would.
 */
export async function converse(
  cwd: string,
  args: string[],
  steps: [RegExp, string][],
  extraEnv: Record<string, string> = {},
  bin: keyof typeof BIN = 'create-service',
) {
  const command = ['node', BIN[bin], ...args].map((a) => `'${a}'`).join(' ');
  const env = {
    ...(await isolatedEnv()),
    TERM: 'xterm-256color',
    COLUMNS: '120',
    LINES: '40',
    ...extraEnv,
  };
  delete (env as Record<string, string | undefined>).NO_COLOR;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let seen = 0;
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const match = pattern.exec(screen.slice(seen));
      if (match) {
        seen += match.index + match[0].length;
        return;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  for (const [pattern, keys] of steps) {
    await waitFor(pattern);
    // eslint-disable-next-line no-control-regex -- keys include escape sequences such as the arrow keys
    for (const key of keys.match(/\x1b\[[A-D]|[\s\S]/g) ?? []) {
      child.stdin.write(key);
      await new Promise((r) => setTimeout(r, 15));
    }
  }
  const code = await exited;
  child.stdin.end();
  return { code, screen };
}
