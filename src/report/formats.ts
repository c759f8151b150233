import { UserError } from '../errors.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Validates `--format`; an unknown one is a usage error naming the choices. */
export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UserError('USAGE', `Unknown --format "${value}"`, `Use one of: ${FORMATS.join(', ')}.`);
}
