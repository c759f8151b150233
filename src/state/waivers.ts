import * as z from '../zod-mini.js';
import { UserError } from '../errors.js';
import { readRepoDataFile, RepoFiles } from './repo-files.js';
import { lineCounter } from '../text-lines.js';
import { describeIssues } from '../zod-issues.js';

/** Where a repo records its deliberate detours, relative to its root. */
export const WAIVERS_FILE = '.platform/waivers.yaml';

// zod's small build, like the state file's: a check of a repo with waivers loads no classic zod.
const isoDate = () =>
  z
    .pipe(
      z.union([z.string(), z.date()]),
      z.transform((v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
    )
    .check(
      z.refine(
        // Date.parse rolls 2026-02-30 over to March; a round trip keeps only real days.
        (v) =>
          /^\d{4}-\d{2}-\d{2}$/.test(v) &&
          !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
          new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
        'must be a date written YYYY-MM-DD, and a day that exists',
      ),
    );

const waiverSchema = () =>
  z.strictObject({
    rule: z
      .string()
      .check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a rule id such as files.x')),
    reason: z.string().check(z.trim(), z.minLength(1, 'must say why')),
    owner: z.string().check(z.trim(), z.minLength(1, 'must name who owns the detour')),
    expires: isoDate(),
    file: z.optional(z.string().check(z.minLength(1))),
    ticket: z.optional(z.string().check(z.minLength(1))),
  });

const buildWaiversFileSchema = () =>
  z.strictObject({ waivers: z._default(z.array(waiverSchema()), []) });
let waiversFile: ReturnType<typeof buildWaiversFileSchema> | undefined;
// Built on first use: only repos with a waivers file pay for the schemas.
const waiversFileSchema = () => (waiversFile ??= buildWaiversFileSchema());

/** One entry of `.platform/waivers.yaml`, with the line it starts on. */
export type Waiver = z.infer<ReturnType<typeof waiverSchema>> & { line?: number };

/** Reads and validates a repo's waivers; none when the file is absent. Errors name the field. */
export async function readWaivers(repoDir: string): Promise<Waiver[]> {
  const text = readRepoDataFile(new RepoFiles(repoDir), WAIVERS_FILE);
  if (text === null) return [];
  // The YAML parser loads only for repos that have waivers.
  const { parseYamlDocument } = await import('../yaml-text.js');
  return parseWaivers(text, parseYamlDocument(text));
}

/** Validates the parsed text of a waivers file. */
function parseWaivers(
  text: string,
  parsed: ReturnType<typeof import('../yaml-text.js').parseYamlDocument>,
): Waiver[] {
  if ('error' in parsed)
    throw new UserError(
      'INPUT',
      `${WAIVERS_FILE} is not valid YAML: ${parsed.error}`,
      'Fix the syntax; see docs/rules.md for the format.',
    );
  const { doc } = parsed;
  const result = waiversFileSchema().safeParse(toPlainData(doc) ?? {});
  if (!result.success)
    throw new UserError(
      'INPUT',
      `${WAIVERS_FILE} is invalid`,
      'Each waiver needs rule, reason, owner and expires (YYYY-MM-DD); file and ticket are optional.',
      describeIssues(result.error),
    );
  const lineOf = lineCounter(text);
  return result.data.waivers.map((w, i) => {
    const node = doc.getIn(['waivers', i], true) as
      { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineOf(node.range[0]) : undefined;
    return line === undefined ? w : { ...w, line };
  });
}

// Aliases are expanded here; yaml's cap turns an alias bomb into a refusal, not a hang.
function toPlainData(doc: import('yaml').Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new UserError(
      'INPUT',
      `${WAIVERS_FILE} cannot be read: ${(error as Error).message}`,
      'Write each waiver out in full; YAML aliases are limited to 100 expansions.',
    );
  }
}
