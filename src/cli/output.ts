import type { Paint } from '../report/check-report.js';
import { createColors } from './colors.js';

export interface ErrorDocument {
  code: string;
  message: string;
  hint?: string;
  details?: string[];
}

/** The only printer: colours on a TTY (NO_COLOR and FORCE_COLOR respected), JSON on request. */
export interface Output {
  json: boolean;
  /** Colours for stdout and stderr, each decided by its own stream. */
  out: Paint;
  err: Paint;
  /** Human text on stdout. */
  print(text?: string): void;
  /** Logs: always stderr, so stdout stays one JSON document under --json. */
  log(text: string): void;
  warn(text: string): void;
  /** The one JSON document of a command. */
  document(value: Record<string, unknown>): void;
  error(error: ErrorDocument): void;
}

// FORCE_COLOR wins (any value but false or 0 turns colours on), then NO_COLOR, then the stream.
function colorsOn(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if ('FORCE_COLOR' in env) return env.FORCE_COLOR !== 'false' && env.FORCE_COLOR !== '0';
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function createOutput({
  json,
  env = process.env,
}: {
  json: boolean;
  env?: NodeJS.ProcessEnv;
}): Output {
  const out = createColors(colorsOn(process.stdout, env));
  const err = createColors(colorsOn(process.stderr, env));
  const output: Output = {
    json,
    out,
    err,
    print: (text = '') => void process.stdout.write(`${text}\n`),
    log: (text) => void process.stderr.write(`${text}\n`),
    warn: (text) => void process.stderr.write(`${err.yellow('⚠')} ${text}\n`),
    document: (value) =>
      void process.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...value }, null, 2)}\n`),
    error: (e) => {
      if (json) {
        process.stdout.write(`${JSON.stringify({ schemaVersion: 1, error: e }, null, 2)}\n`);
        return;
      }
      // The hint comes before the details: it often introduces them ("the values named below").
      const lines = [`${err.red('✖')} ${err.bold(e.message)}`];
      if (e.hint) lines.push(`  ${err.cyan('→')} ${e.hint}`);
      for (const detail of e.details ?? []) lines.push(`  ${err.dim('-')} ${detail}`);
      process.stderr.write(`${lines.join('\n')}\n`);
    },
  };
  return output;
}
