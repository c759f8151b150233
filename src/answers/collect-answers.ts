import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Prompter } from '../adapters/prompter.js';
import type { Parameter } from '../catalog/manifest.js';
import { UserError } from '../errors.js';
import type { Answers } from '../render/plan-render.js';
import { prepareRegexes } from '../untrusted-regex.js';
import { validateAnswer } from './answers-schema.js';

export interface AnswerSources {
  /** From `--answers`. */
  file?: Record<string, unknown>;
  /** From `--set`, already split at `=`. */
  set?: Record<string, string>;
  /** Asks for what is not given; absent when not interactive or with `--yes`. */
  prompter?: Prompter;
  /** Defaults from the context (the directory's name), used over the manifest's when valid. */
  suggested?: Record<string, string>;
}

/**
 * Resolves every parameter: given values first, then prompts, then defaults. Every bad or
 * missing answer is named in one error, never one at a time.
 */
export async function collectAnswers(
  parameters: Parameter[],
  sources: AnswerSources,
): Promise<Answers> {
  // No prototype: a parameter named `constructor` or `toString` is looked up like any other.
  const given: Record<string, unknown> = Object.assign(
    Object.create(null) as Record<string, unknown>,
    sources.file,
    sources.set,
  );
  // Only the patterns an answer meets need the regex engine: a default was checked against its
  // pattern with the manifest, and the RE2 engine is a good part of a render's start-up.
  const checked = parameters.filter(
    (p) =>
      sources.prompter || Object.hasOwn(given, p.name) || sources.suggested?.[p.name] !== undefined,
  );
  await prepareRegexes(checked.map((p) => p.pattern));
  const known = new Set(parameters.map((p) => p.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new UserError(
      'ANSWERS',
      `Unknown parameter(s): ${unknown.join(', ')}`,
      `This template's parameters are: ${[...known].join(', ') || 'none'}.`,
    );
  const answers = Object.create(null) as Answers;
  const invalid: string[] = [];
  const missing: Parameter[] = [];
  for (const declared of parameters) {
    const parameter = withSuggestedDefault(declared, sources.suggested);
    if (Object.hasOwn(given, parameter.name)) {
      const result = validateAnswer(parameter, given[parameter.name]);
      if ('error' in result)
        invalid.push(
          `${parameter.name}: ${result.error} (got ${JSON.stringify(given[parameter.name])})`,
        );
      else answers[parameter.name] = result.value;
    } else if (sources.prompter) answers[parameter.name] = await ask(sources.prompter, parameter);
    else if (parameter.default !== undefined) answers[parameter.name] = parameter.default;
    else if (parameter.required) missing.push(parameter);
  }
  if (invalid.length > 0)
    throw new UserError(
      'ANSWERS',
      `${invalid.length} answer(s) are invalid`,
      'Fix the values named below.',
      invalid,
    );
  if (missing.length > 0)
    throw new UserError(
      'ANSWERS',
      `Missing required answer(s): ${missing.map((p) => p.name).join(', ')}`,
      `Pass ${missing.map((p) => `--set ${p.name}=<${p.type}>`).join(' ')}, or put them in an --answers file.`,
      missing.map(
        (p) => `${p.name}: ${p.help ?? p.prompt ?? p.type}; set it with --set ${p.name}=…`,
      ),
    );
  return answers;
}

/** A suggested default replaces the manifest's only when it is a valid answer. */
function withSuggestedDefault(parameter: Parameter, suggested?: Record<string, string>): Parameter {
  const value = suggested?.[parameter.name];
  if (value === undefined) return parameter;
  const result = validateAnswer(parameter, value);
  return 'error' in result ? parameter : { ...parameter, default: result.value };
}

async function ask(prompter: Prompter, parameter: Parameter): Promise<string | number | boolean> {
  const message = parameter.prompt ?? parameter.name;
  // The help is shown apart from the message, so it never reads like the default in brackets.
  const help = parameter.help !== undefined ? { help: parameter.help } : {};
  if (parameter.type === 'boolean')
    return prompter.confirm({
      message,
      ...help,
      default: parameter.default === undefined ? false : Boolean(parameter.default),
    });
  if (parameter.type === 'enum')
    return coerceChoice(
      parameter,
      await prompter.select({
        message,
        choices: (parameter.choices ?? []).map((c) => ({
          name: String(c),
          value: String(c),
          ...(parameter.help !== undefined && { description: parameter.help }),
        })),
        ...(parameter.default !== undefined && { default: String(parameter.default) }),
      }),
    );
  const text = await prompter.input({
    message,
    ...help,
    ...(parameter.default !== undefined && { default: String(parameter.default) }),
    validate: (value) => {
      if (value === '' && !parameter.required && parameter.default === undefined) return true;
      const result = validateAnswer(parameter, value);
      return 'error' in result ? `${parameter.name} ${result.error}` : true;
    },
  });
  const result = validateAnswer(parameter, text);
  return 'error' in result ? text : result.value;
}

function coerceChoice(parameter: Parameter, value: string): string | number {
  return parameter.choices?.find((c) => String(c) === value) ?? value;
}

/** Splits `--set key=value` flags; a flag without `=` is a usage error. */
export function parseSetFlags(flags: string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0)
      throw new UserError(
        'USAGE',
        `--set ${flag}: expected key=value`,
        'Write e.g. --set name=orders.',
      );
    const key = flag.slice(0, eq);
    if (key === '__proto__')
      throw new UserError(
        'USAGE',
        `--set ${key}: a reserved name, never a parameter`,
        'Set only the parameters the template declares (`platform templates show <id>`).',
      );
    out[key] = flag.slice(eq + 1);
  }
  return out;
}

/** Reads an `--answers` file, JSON or YAML, which must hold one object. */
export async function readAnswersFile(cwd: string, file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UserError(
      'INPUT',
      `Cannot read the answers file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      'Check the path given to --answers.',
    );
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file)
      ? JSON.parse(text)
      : await (await import('../yaml-data.js')).parseYaml(text);
  } catch (error) {
    throw new UserError(
      'INPUT',
      `The answers file ${file} is malformed: ${(error as Error).message.split('\n')[0]}`,
      'It must be a JSON or YAML object of parameter names to values.',
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UserError(
      'INPUT',
      `The answers file ${file} must hold an object of parameter names to values`,
      'For example: {"name": "orders", "port": 8080}.',
    );
  return data as Record<string, unknown>;
}
