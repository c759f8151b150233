import { detectCi } from '../ci-environment.js';

/**
 * Whether a command may ask questions: stdin and stdout are terminals, we are not in CI, and
 * neither `--yes` (never prompt) nor `--json` (stdout is one document) was given.
 */
export function canPrompt(
  flags: { yes?: boolean; json?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return (
    Boolean(process.stdin.isTTY && process.stdout.isTTY) &&
    !flags.yes &&
    !flags.json &&
    !detectCi(env).ci
  );
}
