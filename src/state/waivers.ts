import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { describeIssues } from '../zod-issues.js';

/** Where a repo records its deliberate detours, relative to its root. */
export const WAIVERS_FILE = '.platform/waivers.yaml';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
    'must be a date written YYYY-MM-DD',
  );

const waiverSchema = z
  .object({
    rule: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a rule id such as files.x'),
    reason: z.string().trim().min(1, 'must say why'),
    owner: z.string().trim().min(1, 'must name who owns the detour'),
    expires: isoDate,
    file: z.string().min(1).optional(),
    ticket: z.string().min(1).optional(),
  })
  .strict();

const waiversFileSchema = z.object({ waivers: z.array(waiverSchema).default([]) }).strict();

/** One entry of `.platform/waivers.yaml`, with the line it starts on. */
export type Waiver = z.infer<typeof waiverSchema> & { line?: number };

/** Reads and validates a repo's waivers; none when the file is absent. Errors name the field. */
export async function readWaivers(repoDir: string): Promise<Waiver[]> {
  let text: string;
  try {
    text = await readFile(path.join(repoDir, WAIVERS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseWaivers(text);
}

/** Validates the text of a waivers file. */
export function parseWaivers(text: string): Waiver[] {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0)
    throw new UserError(
      'INPUT',
      `${WAIVERS_FILE} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
      'Fix the syntax; see docs/rules.md for the format.',
    );
  const result = waiversFileSchema.safeParse(doc.toJS() ?? {});
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

/** Maps a character offset to its 1-based line. */
export function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
