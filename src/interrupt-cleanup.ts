/**
 * Synchronous undo steps for work in progress. When the CLI is interrupted it runs them all
 * before exiting, so a Ctrl-C in the middle of a write leaves nothing behind.
 */

/** What an interrupted step wants the user to know: what stays, and what to do next. */
export interface InterruptNote {
  message: string;
  hint?: string;
}

const cleanups = new Set<() => InterruptNote | void>();

/**
 * Registers an undo step; call the returned function once the work is safely done. A step that
 * cannot undo its work (a finished render) returns a note saying what stays instead.
 */
export function onInterrupt(cleanup: () => InterruptNote | void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered undo step, newest first, ignoring their failures; returns their notes. */
export function runInterruptCleanups(): InterruptNote[] {
  const notes: InterruptNote[] = [];
  for (const cleanup of [...cleanups].reverse()) {
    try {
      const note = cleanup();
      if (note) notes.push(note);
    } catch {
      // Best effort: the process is ending either way.
    }
  }
  cleanups.clear();
  return notes;
}
