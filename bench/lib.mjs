// Shared by the benchmarks: timings of whole processes, interleaved so that machine noise
// hits baseline and subject alike, reported as a ratio of medians.
import { spawnSync } from 'node:child_process';

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one command in milliseconds; throws when it fails. */
export function timeCommand([command, ...args], options = {}) {
  options.before?.();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/**
 * Runs baseline and subject alternately `runs` times after a warm-up, and returns both medians
 * and their ratio.
 */
export function compare({ name, baseline, subject, runs = 21, budget }) {
  baseline();
  subject();
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      b.push(subject());
      a.push(baseline());
    } else {
      a.push(baseline());
      b.push(subject());
    }
  }
  const result = {
    name,
    baselineMs: median(a),
    subjectMs: median(b),
    ratio: median(b) / median(a),
    budget,
  };
  result.ok = budget === undefined || result.ratio <= budget;
  return result;
}

/** Prints results as a table; returns false when one is over its budget. */
export function report(results) {
  for (const r of results)
    console.log(
      `${r.ok ? 'ok  ' : 'OVER'} ${r.name.padEnd(58)} ${r.subjectMs.toFixed(1).padStart(8)} ms vs ${r.baselineMs.toFixed(1).padStart(7)} ms  = ${r.ratio.toFixed(2)}x` +
        (r.budget ? ` (budget ${r.budget}x)` : ''),
    );
  return results.every((r) => r.ok);
}
