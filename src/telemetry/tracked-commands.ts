/**
 * The commands usage events know, and the event each one's run is recorded as. Kept apart from
 * the zod schemas so the CLI can name a run without loading them.
 */
export const TRACKED_COMMANDS = [
  'create',
  'doctor',
  'check',
  'diff',
  'upgrade',
  'adopt',
  'templates',
  'telemetry',
  'insights',
  'config',
] as const;
export type TrackedCommand = (typeof TRACKED_COMMANDS)[number];

export const OUTCOMES = [
  'success',
  'problems',
  'usage-error',
  'internal-error',
  'interrupted',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The event a command's run is recorded as; commands not listed record only their errors. */
export function eventNameFor(
  command: TrackedCommand,
): 'create' | 'check' | 'upgrade' | 'adopt' | null {
  if (command === 'doctor' || command === 'check') return 'check';
  if (command === 'create' || command === 'upgrade' || command === 'adopt') return command;
  return null;
}
