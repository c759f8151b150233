import { UserError } from '../../errors.js';

/** `--concurrency <n>` of the fleet commands: a whole number from 1 to 64. */
export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UserError(
      'USAGE',
      `--concurrency must be a whole number from 1 to 64, not "${value}"`,
    );
  return n;
}
