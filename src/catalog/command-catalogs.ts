import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import type { Catalog } from './catalog.js';
import { catalogSearchOrder, openCatalogs } from './open-catalogs.js';

/** The catalogs a command searches from `cwd`: its `--catalog` flags, then the configured ones. */
export async function catalogsFor({
  cwd,
  flags = [],
  env = process.env,
  config,
}: {
  cwd: string;
  flags?: string[];
  env?: NodeJS.ProcessEnv;
  config?: ResolvedConfig;
}): Promise<{ catalogs: Catalog[]; config: ResolvedConfig }> {
  const resolved = config ?? (await loadConfig({ cwd, env }));
  return {
    catalogs: openCatalogs(catalogSearchOrder(flags, cwd, resolved.catalogs), { env }),
    config: resolved,
  };
}
