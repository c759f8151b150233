import * as semver from './semver.js';
import { didYouMean } from '../did-you-mean.js';
import { UserError } from '../errors.js';
import type { Catalog, TemplateSource } from './catalog.js';

/** `id` or `id@range`, as given to `--template`. */
export interface TemplateRef {
  id: string;
  range?: string;
}

/** Parses `id[@range]`; a bad id or range is a usage error. */
export function parseTemplateRef(text: string): TemplateRef {
  const at = text.indexOf('@');
  const id = at === -1 ? text : text.slice(0, at);
  const range = at === -1 ? undefined : text.slice(at + 1);
  if (!/^[a-z0-9-]+$/.test(id))
    throw new UserError(
      'USAGE',
      `"${text}" is not a template id`,
      'Write id or id@range, e.g. node-http-service@^1.',
    );
  if (range !== undefined && semver.validRange(range) === null)
    throw new UserError(
      'USAGE',
      `"${range}" is not a semver version or range`,
      'Write e.g. node-http-service@1.1.0 or node-http-service@^1.',
    );
  return range === undefined ? { id } : { id, range };
}

/** Newest first. */
export function sortVersions(versions: string[]): string[] {
  return [...versions].sort(semver.rcompare);
}

/**
 * Finds a template in catalog order: the first catalog that has a version matching the range
 * gives its highest such version.
 */
export async function resolveTemplate(
  catalogs: Catalog[],
  ref: TemplateRef,
): Promise<TemplateSource> {
  const known: string[] = [];
  for (const catalog of catalogs) {
    const versions = await catalog.versions(ref.id);
    known.push(...versions);
    const version = pickVersion(versions, ref.range);
    if (version) return catalog.open(ref.id, version);
  }
  if (known.length === 0) {
    const ids = new Set<string>();
    for (const catalog of catalogs) for (const id of await catalog.ids()) ids.add(id);
    const guess = didYouMean(ref.id, [...ids]);
    throw new UserError(
      'TEMPLATE_NOT_FOUND',
      `Unknown template "${ref.id}"`,
      `${guess ? `${guess} ` : ''}Available: ${[...ids].sort().join(', ') || 'none'}. See \`platform templates list\`.`,
    );
  }
  throw new UserError(
    'TEMPLATE_NOT_FOUND',
    `No version of ${ref.id} matches "${ref.range}"`,
    `Released versions: ${sortVersions([...new Set(known)]).join(', ')}.`,
  );
}

/** The highest version satisfying the range (any version when there is none). */
export function pickVersion(versions: string[], range?: string): string | undefined {
  if (versions.length === 0) return undefined;
  if (range === undefined) return sortVersions(versions)[0];
  return semver.maxSatisfying(versions, range, { includePrerelease: false }) ?? undefined;
}

/** The newest version of a template across all catalogs, or undefined when none has it. */
export async function latestVersion(catalogs: Catalog[], id: string): Promise<string | undefined> {
  const all = (await Promise.all(catalogs.map((c) => c.versions(id)))).flat();
  return pickVersion(all);
}
