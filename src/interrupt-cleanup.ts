/**
 * Synchronous undo steps for work in progress. When the CLI is interrupted it runs them all
 * before exiting, so a Ctrl-C in the middle of a write leaves nothing behind.
 */
const cleanups = new Set<() => void>();

/** Registers an undo step; call the returned function once the work is safely done. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered undo step, newest first, ignoring their failures. */
export function runInterruptCleanups(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is ending either way.
    }
  }
  cleanups.clear();
}
