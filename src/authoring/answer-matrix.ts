import type { Parameter } from '../catalog/manifest.js';
import { compileRegex } from '../untrusted-regex.js';

/** One set of answers `templates test` renders with, named by what differs from the defaults. */
export interface AnswerCombination {
  /** `defaults`, or the one answer that differs, such as `ci=gitlab`. */
  name: string;
  answers: Record<string, string>;
}

/**
 * The renders `templates test` makes: the defaults, then one per other choice of each enum and
 * each boolean, the rest left at the defaults. A parameter given with `--set` stays fixed.
 */
export function answerMatrix(
  parameters: readonly Parameter[],
  given: Readonly<Record<string, string>>,
): AnswerCombination[] {
  const base = sampleAnswers(parameters, given);
  const combinations: AnswerCombination[] = [{ name: 'defaults', answers: base }];
  for (const p of parameters) {
    if (Object.hasOwn(given, p.name)) continue;
    const current = base[p.name] ?? (p.default === undefined ? undefined : String(p.default));
    const others =
      p.type === 'enum'
        ? (p.choices ?? []).map(String)
        : p.type === 'boolean'
          ? ['true', 'false']
          : [];
    for (const value of others.filter((v) => v !== current))
      combinations.push({ name: `${p.name}=${value}`, answers: { ...base, [p.name]: value } });
  }
  return combinations;
}

/**
 * Answers for a test render: what `--set` gave, then a sample for each required parameter
 * without a default (the first choice, `false`, the minimum or `0`, or a name that fits the pattern).
 */
export function sampleAnswers(
  parameters: readonly Parameter[],
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const p of parameters) {
    if (Object.hasOwn(given, p.name)) answers[p.name] = given[p.name]!;
    else if (p.required && p.default === undefined) {
      const sample = sampleFor(p);
      if (sample !== undefined) answers[p.name] = sample;
    }
  }
  return answers;
}

function sampleFor(p: Parameter): string | undefined {
  if (p.type === 'enum') return String(p.choices![0]);
  if (p.type === 'boolean') return 'false';
  if (p.type === 'number') return String(p.min ?? 0);
  const candidates = ['sample-service', 'sample', 'SampleService', 'sample_service', 's'];
  const pattern = p.pattern ? compileRegex(p.pattern) : null;
  return candidates.find((c) => !pattern || pattern.test(c));
}
