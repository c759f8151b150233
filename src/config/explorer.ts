import { cosmiconfig } from 'cosmiconfig';

/**
 * cosmiconfig behind our own ESM module, so load-config can `await import()` it only when a
 * configuration file exists: the bundle keeps cosmiconfig's CommonJS exports intact.
 */
export function createExplorer(moduleName: string, searchPlaces: string[], stopDir: string) {
  return cosmiconfig(moduleName, {
    searchPlaces,
    searchStrategy: 'global',
    stopDir,
    cache: false,
  });
}
