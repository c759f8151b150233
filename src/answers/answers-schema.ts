import * as z from 'zod';
import { numberProblem, type Parameter } from '../catalog/manifest.js';
import type { Answers } from '../render/plan-render.js';

/** The zod schema for one parameter's answer, built from the manifest. */
export function answerSchema(parameter: Parameter): z.ZodType<string | number | boolean> {
  switch (parameter.type) {
    case 'number':
      return z.number({ error: 'must be a number' }).check((ctx) => {
        const problem = numberProblem(parameter, ctx.value);
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      });
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'enum': {
      const choices = parameter.choices ?? [];
      return z
        .union([z.string(), z.number()])
        .refine(
          (v) => choices.some((c) => String(c) === String(v)),
          `must be one of: ${choices.join(', ')}`,
        )
        .transform((v) => choices.find((c) => String(c) === String(v))!);
    }
    default: {
      const base = z.string({ error: 'must be a string' });
      return parameter.pattern
        ? base.regex(
            new RegExp(parameter.pattern),
            parameter.patternMessage ??
              `must match ${parameter.pattern}${parameter.help ? ` (${parameter.help})` : ''}`,
          )
        : base;
    }
  }
}

/** Turns text from `--set` or a prompt into the parameter's type, leaving bad input for zod to name. */
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

/** Validates one answer; returns the message for a bad one. */
export function validateAnswer(
  parameter: Parameter,
  value: unknown,
): { value: string | number | boolean } | { error: string } {
  const result = answerSchema(parameter).safeParse(coerceAnswer(parameter, value));
  return result.success
    ? { value: result.data }
    : { error: result.error.issues[0]?.message ?? 'is invalid' };
}

/** The zod schema of a whole answers object: unknown names are errors, so typos surface. */
export function answersSchema(parameters: Parameter[]): z.ZodType<Answers> {
  const shape = Object.fromEntries(parameters.map((p) => [p.name, answerSchema(p).optional()]));
  return z.strictObject(shape) as unknown as z.ZodType<Answers>;
}
