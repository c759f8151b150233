import { spawn } from 'node:child_process';

/**
 * Starts a Node script that outlives us: its own process group, no stdio, not awaited, so the
 * caller exits at once and the script cannot write over the caller's output.
 */
export function spawnDetachedNode(
  script: string,
  args: string[],
  { cwd, env }: { cwd: string; env: Record<string, string> },
): void {
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env,
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
  });
  child.on('error', () => undefined);
  child.unref();
}
