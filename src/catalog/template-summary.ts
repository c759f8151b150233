import { UserError } from '../errors.js';
import type { Catalog } from './catalog.js';
import { sortVersions } from './resolve-template.js';

/** One template as `templates list` and the picker show it. */
export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  latest: string;
  versions: string[];
  catalog: string;
  /** Versions whose manifest cannot be read, with the reason; the list goes on without them. */
  broken?: { version: string; reason: string }[];
}

/**
 * Lists every template once, from the first catalog that has it, newest version first. A
 * version whose manifest is invalid does not hide the template: the newest version that opens
 * describes it, and the broken ones are named.
 */
export async function summarizeTemplates(catalogs: Catalog[]): Promise<TemplateSummary[]> {
  const out = new Map<string, TemplateSummary>();
  for (const catalog of catalogs) {
    for (const id of await catalog.ids()) {
      if (out.has(id)) continue;
      const versions = sortVersions(await catalog.versions(id));
      const broken: { version: string; reason: string }[] = [];
      for (const version of versions) {
        let manifest;
        try {
          ({ manifest } = await catalog.open(id, version));
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          broken.push({ version, reason: error.message });
          continue;
        }
        out.set(id, {
          id,
          name: manifest.name,
          description: manifest.description,
          latest: version,
          versions: versions.filter((v) => !broken.some((b) => b.version === v)),
          catalog: catalog.source,
          ...(broken.length > 0 && { broken }),
        });
        break;
      }
      if (!out.has(id) && broken.length > 0)
        out.set(id, {
          id,
          name: id,
          description: 'no version of it can be read',
          latest: broken[0]!.version,
          versions: [],
          catalog: catalog.source,
          broken,
        });
    }
  }
  return [...out.values()];
}
