/**
 * The few error classes the whole CLI throws. They are mapped to exit codes in one place,
 * `src/cli/exit.ts`; nothing else decides how the process ends.
 */

/** Stable machine-readable codes, shown in `--json` errors and usage events. */
export type ErrorCode =
  | 'USAGE'
  | 'INPUT'
  | 'CONFIG'
  | 'MANIFEST'
  | 'TEMPLATE_NOT_FOUND'
  | 'ANSWERS'
  | 'TARGET'
  | 'UNSAFE_PATH'
  | 'STATE'
  | 'PRECONDITION'
  | 'ENVIRONMENT'
  | 'INTERNAL'
  | 'INTERRUPTED';

/** A problem the user can fix: bad flags, answers, config, manifest or target. Exit 2. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What to do next, one sentence. */
    readonly hint?: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** The user pressed Ctrl-C or the process got SIGTERM. Exit 130. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  readonly code = 'INTERRUPTED' as const;
  constructor(message = 'Interrupted.') {
    super(message);
  }
}

/** Turns an unknown thrown value into a message without leaking a stack to users. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** errorMessage on one line with a UserError's details, for a report that has no room for lines. */
export function errorWithDetails(error: unknown): string {
  const details = error instanceof UserError ? error.details : [];
  return details.length > 0
    ? `${errorMessage(error)} (${details.join('; ')})`
    : errorMessage(error);
}
