import os from 'node:os';

/** How many repos a fleet command works on at once unless told: two per core, 2 to 8. */
export function defaultConcurrency(): number {
  return Math.max(2, Math.min(8, os.availableParallelism() * 2));
}

/**
 * Runs `task` over `items` with at most `limit` at once; the one concurrency pool that every
 * fleet command (check, upgrade, rollout) goes through. A task that throws stops the pool, so
 * tasks that must not stop the others catch their own failures.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
