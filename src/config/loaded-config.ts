import type { ResolvedConfig } from './merge-config.js';

let lastLoaded: ResolvedConfig | undefined;
let warningSink: ((text: string) => void) | undefined;
const warned = new Set<string>();

/** Keeps the configuration just loaded, and passes each of its warnings on once per process. */
export function rememberLoadedConfig(config: ResolvedConfig): ResolvedConfig {
  lastLoaded = config;
  for (const warning of config.warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    warningSink?.(warning);
  }
  return config;
}

/** Where configuration warnings go: the CLI prints them on stderr as they are found. */
export function onConfigWarning(sink: (text: string) => void): void {
  warningSink = sink;
}

/**
 * The configuration this process loaded last, if any: the one that governed the command that
 * just ran. Usage events read it instead of searching the disk a second time. A module of its
 * own, so reading it does not load the config loader.
 */
export function lastLoadedConfig(): ResolvedConfig | undefined {
  return lastLoaded;
}
