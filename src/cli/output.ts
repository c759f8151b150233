import { Chalk, type ChalkInstance } from 'chalk';

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
  out: ChalkInstance;
  err: ChalkInstance;
  /** Human text on stdout. */
  print(text?: string): void;
  /** Logs: always stderr, so stdout stays one JSON document under --json. */
  log(text: string): void;
  warn(text: string): void;
  /** The one JSON document of a command. */
  document(value: Record<string, unknown>): void;
  error(error: ErrorDocument): void;
}

function colorLevel(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if ('FORCE_COLOR' in env) {
    const forced = env.FORCE_COLOR;
    if (forced === '' || forced === 'true') return 1;
    if (forced === 'false' || forced === '0') return 0;
    return Math.min(Number.parseInt(forced ?? '1', 10) || 1, 3) as 1 | 2 | 3;
  }
  if (env.NO_COLOR) return 0;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  return stream.hasColors?.(256) ? 2 : 1;
}

export function createOutput({
  json,
  env = process.env,
}: {
  json: boolean;
  env?: NodeJS.ProcessEnv;
}): Output {
  const out = new Chalk({ level: colorLevel(process.stdout, env) });
  const err = new Chalk({ level: colorLevel(process.stderr, env) });
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
