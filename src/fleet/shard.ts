import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';

/** One part of a sharded sweep: `index` of `count`, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** What a sharded JSON report carries so `platform report` can merge the parts of one sweep. */
export interface SweepInfo {
  /** Derived from the command, the fleet root and the options: the same for every shard. */
  id: string;
  command: 'check' | 'upgrade';
  shard: Shard;
}

/** Parses `--shard <i>/<n>`; `0/0`, `3/2` and anything else malformed is exit 2. */
export function parseShard(text: string | undefined): Shard {
  if (text === undefined) return { index: 1, count: 1 };
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UserError(
      'USAGE',
      `--shard ${text}: not a shard`,
      'Write --shard <i>/<n> with 1 <= i <= n, e.g. --shard 2/4.',
    );
  return { index, count };
}

/**
 * Whether the repo with this identity (its path relative to the fleet folder, or its clone
 * URL) belongs to the shard. A hash, not a position, so adding a repo moves no other repo.
 */
export function inShard(identity: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const digest = createHash('sha256').update(identity).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}

/** A sweep id from what defines the sweep (never the time), so every shard computes the same. */
export function sweepId(command: SweepInfo['command'], root: string, options: object): string {
  const input = JSON.stringify({ command, root, options: sortKeys(options) });
  return createHash('sha256').update(input).digest('hex').slice(0, 16);
}

function sortKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
