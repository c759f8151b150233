import type { ResolvedConfig } from './load-config.js';

let lastLoaded: ResolvedConfig | undefined;

export function rememberLoadedConfig(config: ResolvedConfig): ResolvedConfig {
  lastLoaded = config;
  return config;
}

/**
 * The configuration this process loaded last, if any: the one that governed the command that
 * just ran. Usage events read it instead of searching the disk a second time. A module of its
 * own, so reading it does not load the config loader.
 */
export function lastLoadedConfig(): ResolvedConfig | undefined {
  return lastLoaded;
}
