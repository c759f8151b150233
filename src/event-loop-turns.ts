/**
 * Long synchronous work (reading and scanning thousands of files, running template regexes)
 * keeps Node's signal handlers from running: Ctrl-C would wait for the work to end. A loop calls
 * the function this returns once per step; every `budgetMs` of work it hands the event loop a
 * turn, so a signal is answered within a second whatever the input.
 */
export function turnTaker(budgetMs = 50): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since <= budgetMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

/** The pacing a loop over untrusted text takes: one call per step (a file, a rule, a check). */
export type TakeTurn = ReturnType<typeof turnTaker>;
