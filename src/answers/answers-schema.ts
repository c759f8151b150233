import type { Parameter } from '../catalog/manifest.js';
import { numberProblem } from '../catalog/number-bounds.js';
import { answerTooLong, compileRegex } from '../untrusted-regex.js';

/** Turns text from `--set` or a prompt into the parameter's type, leaving bad input to be named. */
export function coerceAnswer(parameter: Parameter, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (parameter.type === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (parameter.type === 'boolean') {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(v)) return true;
    if (['false', 'no', 'n', '0'].includes(v)) return false;
  }
  return value;
}

/**
 * Validates one answer; returns the message for a bad one. Plain checks rather than a schema
 * library: each answer is one typed value, and building a schema per answer cost a render more
 * than the check itself.
 */
export function validateAnswer(
  parameter: Parameter,
  value: unknown,
): { value: string | number | boolean } | { error: string } {
  const answer = coerceAnswer(parameter, value);
  switch (parameter.type) {
    case 'number': {
      if (typeof answer !== 'number' || !Number.isFinite(answer))
        return { error: 'must be a number' };
      const problem = numberProblem(parameter, answer);
      return problem ? { error: problem } : { value: answer };
    }
    case 'boolean':
      return typeof answer === 'boolean' ? { value: answer } : { error: 'must be true or false' };
    case 'enum': {
      const choices = parameter.choices ?? [];
      const choice =
        typeof answer === 'string' || typeof answer === 'number'
          ? choices.find((c) => String(c) === String(answer))
          : undefined;
      return choice === undefined
        ? { error: `must be one of: ${choices.join(', ')}` }
        : { value: choice };
    }
    default: {
      if (typeof answer !== 'string') return { error: 'must be a string' };
      // Compiled once per pattern (untrusted-regex.ts): a prompt checks every keystroke.
      const pattern = parameter.pattern ? compileRegex(parameter.pattern) : undefined;
      const tooLong = pattern && answerTooLong(pattern, answer);
      if (tooLong) return { error: tooLong };
      if (pattern && !pattern.test(answer))
        return {
          error:
            parameter.patternMessage ??
            `must match ${parameter.pattern}${parameter.help ? ` (${parameter.help})` : ''}`,
        };
      return { value: answer };
    }
  }
}
