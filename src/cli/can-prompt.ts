import { detectCi } from '../ci-environment.js';

/**
 * Whether a command may ask questions: stdin and stdout are terminals, we are not in CI, and
 * neither `--yes` (never prompt) nor `--json` (stdout is one document) was given.
 */
export function canPrompt(
  flags: { yes?: boolean; json?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  // Cheapest first: reading process.stdin sets up the stream, which a run ending now never uses.
  return (
    !flags.yes &&
    !flags.json &&
    !detectCi(env).ci &&
    Boolean(process.stdout.isTTY && process.stdin.isTTY)
  );
}
