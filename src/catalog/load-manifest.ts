import { UserError } from '../errors.js';
import { prepareRegexes, regexesProblem } from '../untrusted-regex.js';
import { parseYaml } from '../yaml-data.js';
import { describeIssues } from '../zod-issues.js';
import { manifestSchema, OWNERS, type Manifest, type Owner } from './manifest.js';

const HINT = 'Fix the fields named below; docs/templates.md describes the format.';

/** Parses and validates the text of a template.yaml; `file` is only used in messages. */
export async function parseManifest(text: string, file: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = await parseYaml(text);
  } catch (error) {
    throw new UserError('MANIFEST', `${file} is not valid YAML: ${(error as Error).message}`);
  }
  // The schema compiles every regex, in one synchronous call: first make sure they are few
  // and small enough, then load the RE2 engine when one needs it.
  const regexes = regexesIn(raw);
  const tooLarge = regexesProblem(regexes);
  if (tooLarge)
    throw new UserError(
      'MANIFEST',
      `Invalid template manifest ${file}`,
      'Make its patterns, contains and notContains smaller; docs/templates.md gives the limits.',
      [tooLarge],
    );
  await prepareRegexes(regexes);
  const result = manifestSchema.safeParse(raw);
  if (!result.success)
    throw new UserError(
      'MANIFEST',
      `Invalid template manifest ${file}`,
      HINT,
      describeIssues(result.error),
    );
  return { ...result.data, ownerOrder: ownerOrderOf(raw) };
}

// The strings the schema validates as regexes: parameters' `pattern`, checks' `contains` and
// `notContains`, wherever the shape lets the schema reach them.
function regexesIn(raw: unknown): string[] {
  const list = (key: string) => {
    const value = (raw as Record<string, unknown> | null)?.[key];
    return Array.isArray(value) ? (value as unknown[]) : [];
  };
  const fields = (items: unknown[], keys: string[]) =>
    items.flatMap((item) => keys.map((k) => (item as Record<string, unknown> | null)?.[k]));
  return [
    ...fields(list('parameters'), ['pattern']),
    ...fields(list('checks'), ['contains', 'notContains']),
  ].filter((v): v is string => typeof v === 'string');
}

// "The first list that matches wins", in the order the author wrote the lists.
function ownerOrderOf(raw: unknown): Owner[] {
  const files = (raw as { files?: Record<string, unknown> }).files ?? {};
  const written = Object.keys(files).filter((k): k is Owner => OWNERS.includes(k as Owner));
  return [...written, ...OWNERS.filter((o) => !written.includes(o))];
}
