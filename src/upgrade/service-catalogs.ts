import * as semver from '../catalog/semver.js';
import type { Catalog, TemplateSource } from '../catalog/catalog.js';
import { DirCatalog } from '../catalog/dir-catalog.js';
import { catalogSearchOrder, openCatalog, openCatalogs } from '../catalog/open-catalogs.js';
import { sortVersions } from '../catalog/resolve-template.js';
import { loadConfig } from '../config/load-config.js';
import { UserError, errorMessage } from '../errors.js';
import type { ServiceState } from '../state/service-state.js';
import type { VersionedMigration } from './migrate-files.js';

/** The catalogs of one service, in the two orders an upgrade needs. */
export interface ServiceCatalogs {
  /** `--catalog`, the configured ones, then the recorded source (PRODUCT.md, "State file"). */
  search: Catalog[];
  /**
   * For the recorded version, the render the service came from: `--catalog`, then the
   * recorded source, then the configured ones, so a default catalog holding a template of the
   * same id never stands in for the real base.
   */
  base: Catalog[];
  /** `cli.package` from the service's configuration, for the render the upgrade writes. */
  cliPackage?: string;
}

/** Opens a service's catalogs; `cwd` resolves relative `--catalog` folders. */
export async function serviceCatalogs(
  dir: string,
  state: ServiceState,
  { cwd, flags, env }: { cwd: string; flags: string[]; env: NodeJS.ProcessEnv },
): Promise<ServiceCatalogs> {
  const config = await loadConfig({ cwd: dir, env });
  const search = openCatalogs(catalogSearchOrder(flags, cwd, config.catalogs), { env });
  const flagged = openCatalogs(
    flags.map((source) => ({ source, baseDir: cwd })),
    { env },
  ).map(keyOf);
  const fromFlags = new Set(flagged);
  let recorded: Catalog | undefined;
  try {
    const opened = openCatalog({ source: state.template.catalog, baseDir: dir }, { env });
    recorded = search.find((c) => keyOf(c) === keyOf(opened));
    if (!recorded) search.push((recorded = new RecordedCatalog(opened)));
  } catch {
    // The recorded folder is gone or unsupported; the other catalogs may still hold the template.
  }
  const first = search.filter((c) => fromFlags.has(keyOf(c)));
  const rest = search.filter((c) => !fromFlags.has(keyOf(c)) && c !== recorded);
  return {
    search,
    base: [...first, ...(recorded && !first.includes(recorded) ? [recorded] : []), ...rest],
    ...(config.cliPackage !== undefined && { cliPackage: config.cliPackage }),
  };
}

const keyOf = (c: Catalog) => (c instanceof DirCatalog ? c.root : c.source);

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

/** The migrations of every version after `from` up to the target, oldest first. */
export async function migrationsBetween(
  catalog: Catalog,
  id: string,
  from: string,
  target: TemplateSource,
): Promise<VersionedMigration[]> {
  const to = target.manifest.version;
  const between = (await catalog.versions(id))
    .filter((v) => semver.gt(v, from) && semver.lt(v, to))
    .sort(semver.compare);
  const manifests = [
    ...(await Promise.all(between.map(async (v) => (await catalog.open(id, v)).manifest))),
    target.manifest,
  ];
  return manifests.flatMap((m) => m.migrations.map((step) => ({ version: m.version, step })));
}

/** Every path the steps name, so the service's copies are read before planning. */
export function migrationPaths(migrations: VersionedMigration[]): string[] {
  return migrations.flatMap(({ step }) => Object.values(step).flatMap((v) => pathsOf(v)));
}

function pathsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  const { from, to, file } = value as { from?: string; to?: string; file?: string };
  return [from, to, file].filter((p): p is string => typeof p === 'string');
}
