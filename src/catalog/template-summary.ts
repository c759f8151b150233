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
}

/** Lists every template once, from the first catalog that has it, newest version first. */
export async function summarizeTemplates(catalogs: Catalog[]): Promise<TemplateSummary[]> {
  const out = new Map<string, TemplateSummary>();
  for (const catalog of catalogs) {
    for (const id of await catalog.ids()) {
      if (out.has(id)) continue;
      const versions = sortVersions(await catalog.versions(id));
      if (versions.length === 0) continue;
      const { manifest } = await catalog.open(id, versions[0]!);
      out.set(id, {
        id,
        name: manifest.name,
        description: manifest.description,
        latest: versions[0]!,
        versions,
        catalog: catalog.source,
      });
    }
  }
  return [...out.values()];
}
