import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { BIN, isolatedEnv } from '../../helpers/run-bin.js';

/**
 * Resolves once the process has read more than `bytes` (Linux `/proc/<pid>/io`), or when it
 * exits: a test can signal a command at a known point of its work, not after a fixed wait that
 * a fast machine outruns and a slow one never reaches.
 */
export async function readsPast(
  pid: number,
  bytes: number,
  exited: Promise<unknown>,
): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const io = await readFile(`/proc/${pid}/io`, 'utf8').catch(() => '');
    const rchar = Number(/^rchar: (\d+)$/m.exec(io)?.[1] ?? 0);
    if (rchar > bytes) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves once the process (all its threads) has spent more than `ms` of CPU time (Linux
 * `/proc/<pid>/stat`), or when it exits: proof that work costing more than that is under way.
 */
export async function cpuPast(pid: number, ms: number, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // utime and stime, in clock ticks of 10 ms, are the 12th and 13th fields after the name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10 > ms) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How a command answered a SIGINT sent once it had read `bytes`. */
export interface Interrupted {
  /** False when the command ended before it read that much: the signal was never sent. */
  sent: boolean;
  code: number | null;
  /** From the signal to the exit. */
  answerMs: number;
  stderr: string;
}

/** Runs `platform <args>` in `cwd` and sends SIGINT once it has read more than `bytes`. */
export function interruptAfterReads(
  args: string[],
  cwd: string,
  bytes: number,
): Promise<Interrupted> {
  return interruptWhen(args, cwd, (pid, exited) => readsPast(pid, bytes, exited));
}

/** Runs `platform <args>` in `cwd` and sends SIGINT once `ready` resolves. */
export async function interruptWhen(
  args: string[],
  cwd: string,
  ready: (pid: number, exited: Promise<unknown>) => Promise<void>,
): Promise<Interrupted> {
  const child = spawn('node', [BIN.platform, ...args], {
    cwd,
    env: await isolatedEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await ready(child.pid!, exited);
  const sent = child.exitCode === null && child.signalCode === null;
  const at = Date.now();
  if (sent) child.kill('SIGINT');
  const code = await exited;
  return { sent, code, answerMs: Date.now() - at, stderr };
}
