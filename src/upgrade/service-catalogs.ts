import type { Catalog, TemplateSource } from '../catalog/catalog.js';
import { DirCatalog } from '../catalog/dir-catalog.js';
import { catalogSearchOrder, openCatalog, openCatalogs } from '../catalog/open-catalogs.js';
import { sortVersions } from '../catalog/resolve-template.js';
import { loadConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import type { ServiceState } from '../state/service-state.js';

/**
 * The catalogs a service's template is looked up in: `--catalog`, then the configured ones,
 * then the source the state file records (PRODUCT.md, "State file").
 */
export async function serviceCatalogs(
  dir: string,
  state: ServiceState,
  { flags, env }: { flags: string[]; env: NodeJS.ProcessEnv },
): Promise<Catalog[]> {
  const config = await loadConfig({ cwd: dir, env });
  const catalogs = openCatalogs(catalogSearchOrder(flags, dir, config.catalogs), { env });
  try {
    const recorded = openCatalog({ source: state.template.catalog, baseDir: dir }, { env });
    const key = (c: Catalog) => (c instanceof DirCatalog ? c.root : c.source);
    if (!catalogs.some((c) => key(c) === key(recorded))) catalogs.push(recorded);
  } catch {
    // The recorded folder is gone or unsupported; the other catalogs may still hold the template.
  }
  return catalogs;
}

/** Every released version of `id` across the catalogs, newest first. */
export async function allVersions(catalogs: Catalog[], id: string): Promise<string[]> {
  const lists = await Promise.all(catalogs.map((c) => c.versions(id)));
  return sortVersions([...new Set(lists.flat())]);
}

/** The first catalog holding `id@version`, opened; a missing version is exit 2. */
export async function openVersion(
  catalogs: Catalog[],
  id: string,
  version: string,
  role: 'recorded' | 'target',
): Promise<{ catalog: Catalog; source: TemplateSource }> {
  for (const catalog of catalogs)
    if ((await catalog.versions(id)).includes(version))
      return { catalog, source: await catalog.open(id, version) };
  const known = await allVersions(catalogs, id);
  throw new UserError(
    role === 'target' ? 'PRECONDITION' : 'TEMPLATE_NOT_FOUND',
    role === 'target'
      ? `${id}@${version} does not exist in any catalog`
      : `The recorded template ${id}@${version} is in none of the catalogs searched`,
    role === 'target'
      ? `Released versions: ${known.join(', ') || 'none'}. Pass one of them to --to.`
      : 'The upgrade needs the old version as its base: pass the catalog that released it with --catalog.',
    catalogs.map((c) => `searched ${c.source}`),
  );
}
