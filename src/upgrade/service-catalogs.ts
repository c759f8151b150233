import type { Catalog, TemplateSource } from '../catalog/catalog.js';
import { DirCatalog } from '../catalog/dir-catalog.js';
import { catalogSearchOrder, openCatalog, openCatalogs } from '../catalog/open-catalogs.js';
import { sortVersions } from '../catalog/resolve-template.js';
import { loadConfig } from '../config/load-config.js';
import { UserError, errorMessage } from '../errors.js';
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
    if (!catalogs.some((c) => key(c) === key(recorded)))
      catalogs.push(new RecordedCatalog(recorded));
  } catch {
    // The recorded folder is gone or unsupported; the other catalogs may still hold the template.
  }
  return catalogs;
}

/**
 * The recorded source, searched last and best effort: a template repo that moved or went
 * offline must not stop an upgrade from the catalog passed with --catalog.
 */
class RecordedCatalog implements Catalog {
  failure?: string;
  constructor(private readonly inner: Catalog) {}
  get kind() {
    return this.inner.kind;
  }
  get source() {
    return this.inner.source;
  }
  ids(): Promise<string[]> {
    return this.inner.ids().catch(() => []);
  }
  async versions(id: string): Promise<string[]> {
    try {
      return await this.inner.versions(id);
    } catch (error) {
      this.failure = errorMessage(error);
      return [];
    }
  }
  open(id: string, version: string): Promise<TemplateSource> {
    return this.inner.open(id, version);
  }
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
    catalogs.map((c) =>
      c instanceof RecordedCatalog && c.failure
        ? `recorded source ${c.source}: ${c.failure}`
        : `searched ${c.source}`,
    ),
  );
}
