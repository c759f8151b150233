import { UserError } from '../errors.js';
import { RE2JS } from '../re2-engine.js';
import { provideRegexEngine } from '../untrusted-regex.js';
import { parseYaml } from '../yaml-data.js';
import { describeIssues } from '../zod-issues.js';
import { manifestSchema, OWNERS, type Manifest, type Owner } from './manifest.js';

// The schema compiles every pattern. Parsing is the slow path (a manifest cache miss, or
// authoring), so the regex engine loads with it rather than on every check.
provideRegexEngine(RE2JS);

/** Parses and validates the text of a template.yaml; `file` is only used in messages. */
export async function parseManifest(text: string, file: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = await parseYaml(text);
  } catch (error) {
    throw new UserError('MANIFEST', `${file} is not valid YAML: ${(error as Error).message}`);
  }
  const result = manifestSchema.safeParse(raw);
  if (!result.success)
    throw new UserError(
      'MANIFEST',
      `Invalid template manifest ${file}`,
      'Fix the fields named below; docs/templates.md describes the format.',
      describeIssues(result.error),
    );
  return { ...result.data, ownerOrder: ownerOrderOf(raw) };
}

// "The first list that matches wins", in the order the author wrote the lists.
function ownerOrderOf(raw: unknown): Owner[] {
  const files = (raw as { files?: Record<string, unknown> }).files ?? {};
  const written = Object.keys(files).filter((k): k is Owner => OWNERS.includes(k as Owner));
  return [...written, ...OWNERS.filter((o) => !written.includes(o))];
}
