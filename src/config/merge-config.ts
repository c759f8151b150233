import path from 'node:path';
import { isTrustedCatalog, untrustedCatalogHint } from '../catalog/catalog-trust.js';
import type { CatalogSpec } from '../catalog/open-catalogs.js';
import type { PlatformConfig, RuleLevel } from './config-schema.js';
import type { ConfigScope } from './read-config-file.js';

/** The configuration in effect, with the file each value came from. */
export interface ResolvedConfig {
  /** The catalogs searched after `--catalog`; a repo's list keeps only trusted entries. */
  catalogs: CatalogSpec[];
  /** The catalogs the user trusts: their own file and the presets it extends, never a repo's. */
  trustedCatalogs: CatalogSpec[];
  rules: Record<string, RuleLevel>;
  telemetry: NonNullable<PlatformConfig['telemetry']>;
  /** `cli.package`: the package rendered CI files run; unset means this package. */
  cliPackage?: string;
  /** Key path (`telemetry.endpoint`, `rules.x`, `catalogs`) to the file that set it. */
  origins: Record<string, string>;
  /** Whose file set each rule's level: a repo's may weaken its own check, so reports show it. */
  ruleScopes: Record<string, ConfigScope>;
  /** Files read, lowest precedence first. */
  files: string[];
  /** Values found and not used, one sentence each naming the file and key; shown as warnings. */
  warnings: string[];
}

/** One file's validated configuration, and whose it is. */
export interface ConfigLayer {
  file: string;
  scope: ConfigScope;
  config: PlatformConfig;
}

/**
 * Merges layers, lowest precedence first, under the trust model: a repo's value wins over the
 * user's, except that a repo can only turn usage events off, cannot say where they go, and can
 * only name catalogs the user trusts.
 */
export function mergeLayers(layers: ConfigLayer[]): ResolvedConfig {
  const resolved: ResolvedConfig = {
    catalogs: [],
    trustedCatalogs: [],
    rules: {},
    telemetry: {},
    origins: {},
    ruleScopes: {},
    files: layers.map((l) => l.file),
    warnings: [],
  };
  for (const layer of layers) {
    mergeCatalogs(resolved, layer);
    for (const [rule, level] of Object.entries(layer.config.rules ?? {})) {
      resolved.rules[rule] = level;
      resolved.origins[`rules.${rule}`] = layer.file;
      resolved.ruleScopes[rule] = layer.scope;
    }
    // A repo may name its own CI's CLI package: it only lands in that repo's rendered files.
    if (layer.config.cli?.package !== undefined) {
      resolved.cliPackage = layer.config.cli.package;
      resolved.origins['cli.package'] = layer.file;
    }
    mergeTelemetry(resolved, layer);
  }
  return resolved;
}

function mergeCatalogs(resolved: ResolvedConfig, { file, scope, config }: ConfigLayer): void {
  if (!config.catalogs) return;
  const specs = config.catalogs.map((source) => ({ source, baseDir: path.dirname(file) }));
  if (scope === 'user') {
    resolved.catalogs = resolved.trustedCatalogs = specs;
    resolved.origins.catalogs = file;
    return;
  }
  const kept = specs.filter((spec) => isTrustedCatalog(spec, resolved.trustedCatalogs));
  for (const spec of specs.filter((s) => !kept.includes(s)))
    resolved.warnings.push(
      `catalogs in ${file}: "${spec.source}" is not used, because a repo's configuration can ` +
        `only name catalogs you trust. ${untrustedCatalogHint(spec.source)}`,
    );
  // A repo can choose among and order the trusted catalogs; it cannot leave none.
  if (kept.length === 0) return;
  resolved.catalogs = kept;
  resolved.origins.catalogs = file;
}

function mergeTelemetry(resolved: ResolvedConfig, { file, scope, config }: ConfigLayer): void {
  for (const [key, value] of Object.entries(config.telemetry ?? {})) {
    if (scope === 'repo' && !(key === 'enabled' && value === false)) {
      resolved.warnings.push(
        `telemetry.${key} in ${file} is ignored: ${
          key === 'enabled'
            ? 'a repo can turn usage events off, never on'
            : 'a repo cannot say where usage events go or in what format'
        }. Set it in your user config ($XDG_CONFIG_HOME/platform/config.json)${
          key === 'enabled' ? '' : ` or with PLATFORM_TELEMETRY_${key.toUpperCase()}`
        }.`,
      );
      continue;
    }
    (resolved.telemetry as Record<string, unknown>)[key] = value;
    resolved.origins[`telemetry.${key}`] = file;
  }
}
