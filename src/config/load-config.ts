import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import type { CatalogSpec } from '../catalog/open-catalogs.js';
import { xdgPaths } from '../xdg-paths.js';
import { describeIssues } from '../zod-issues.js';
import { configSchema, type PlatformConfig, type RuleLevel } from './config-schema.js';
import { rememberLoadedConfig } from './loaded-config.js';

const MODULE = 'platform';
const SEARCH_PLACES = [
  'package.json',
  `.${MODULE}rc`,
  ...['json', 'yaml', 'yml', 'js', 'mjs', 'cjs'].map((ext) => `.${MODULE}rc.${ext}`),
  ...['', '.json', '.yaml', '.yml', '.js', '.mjs', '.cjs'].map(
    (ext) => `.config/${MODULE}rc${ext}`,
  ),
  ...['json', 'yaml', 'yml', 'js', 'mjs', 'cjs', 'ts'].map((ext) => `${MODULE}.config.${ext}`),
];

/** The configuration in effect, with the file each value came from. */
export interface ResolvedConfig {
  catalogs: CatalogSpec[];
  rules: Record<string, RuleLevel>;
  telemetry: NonNullable<PlatformConfig['telemetry']>;
  /** `cli.package`: the package rendered CI files run; unset means this package. */
  cliPackage?: string;
  /** Key path (`telemetry.endpoint`, `rules.x`, `catalogs`) to the file that set it. */
  origins: Record<string, string>;
  /** Files read, lowest precedence first. */
  files: string[];
}

interface Layer {
  file: string;
  config: PlatformConfig;
}

/**
 * Loads the user's file, then the repo's (searched upward from `cwd`), each under the presets
 * it extends. A repo value wins over a user value.
 */
export async function loadConfig({
  cwd,
  env = process.env,
}: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ResolvedConfig> {
  const userDir = xdgPaths(env).config;
  const userFile = ['config.json', 'config.yaml', 'config.yml']
    .map((f) => path.join(userDir, f))
    .find((f) => existsSync(f));
  const layers: Layer[] = [];
  // Most repos have no configuration at all; cosmiconfig and its parsers load only when a
  // file is there to read.
  if (userFile || mayHoldConfig(cwd)) {
    const { createExplorer } = await import('./explorer.js');
    const explorer = createExplorer(MODULE, SEARCH_PLACES, path.parse(cwd).root);
    const repo = await explorer.search(cwd).catch((error: unknown) => {
      throw configError(error);
    });
    const repoFile =
      repo && !repo.filepath.startsWith(userDir + path.sep) ? repo.filepath : undefined;
    for (const file of [userFile, repoFile])
      if (file) layers.push(...(await loadChain(explorer, file, [])));
  }
  return rememberLoadedConfig(mergeLayers(layers));
}

/**
 * True when a folder from `cwd` up to the root has one of the search places: a config file, or
 * a package.json that is not valid JSON or has a `platform` key. False means cosmiconfig would
 * find nothing, so it need not be loaded.
 */
function mayHoldConfig(cwd: string): boolean {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const place of SEARCH_PLACES) {
      const file = path.join(dir, place);
      if (!existsSync(file)) continue;
      if (place !== 'package.json') return true;
      try {
        const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (pkg !== null && typeof pkg === 'object' && MODULE in pkg) return true;
      } catch {
        return true; // cosmiconfig reports the broken file
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

type Explorer = { load(file: string): Promise<{ config: unknown; filepath: string } | null> };

async function loadChain(explorer: Explorer, file: string, seen: string[]): Promise<Layer[]> {
  if (seen.includes(file))
    throw new UserError(
      'CONFIG',
      `${file}: extends forms a cycle`,
      'Remove one of the extends keys.',
    );
  const loaded = await explorer.load(file).catch((error: unknown) => {
    throw configError(error, file);
  });
  const result = configSchema().safeParse(loaded?.config ?? {});
  if (!result.success)
    throw new UserError(
      'CONFIG',
      `Invalid configuration in ${file}`,
      'Fix the keys named below; see `platform config print`.',
      describeIssues(result.error),
    );
  const layer = { file, config: result.data };
  if (!result.data.extends) return [layer];
  let preset: string;
  try {
    preset = createRequire(file).resolve(result.data.extends);
  } catch {
    throw new UserError(
      'CONFIG',
      `${file}: extends names "${result.data.extends}", which is not installed`,
      `Install it (npm install -D ${result.data.extends}) or remove the extends key.`,
    );
  }
  return [...(await loadChain(explorer, preset, [...seen, file])), layer];
}

function mergeLayers(layers: Layer[]): ResolvedConfig {
  const resolved: ResolvedConfig = {
    catalogs: [],
    rules: {},
    telemetry: {},
    origins: {},
    files: layers.map((l) => l.file),
  };
  for (const { file, config } of layers) {
    if (config.catalogs) {
      resolved.catalogs = config.catalogs.map((source) => ({
        source,
        baseDir: path.dirname(file),
      }));
      resolved.origins.catalogs = file;
    }
    for (const [rule, level] of Object.entries(config.rules ?? {})) {
      resolved.rules[rule] = level;
      resolved.origins[`rules.${rule}`] = file;
    }
    if (config.cli?.package !== undefined) {
      resolved.cliPackage = config.cli.package;
      resolved.origins['cli.package'] = file;
    }
    for (const [key, value] of Object.entries(config.telemetry ?? {})) {
      (resolved.telemetry as Record<string, unknown>)[key] = value;
      resolved.origins[`telemetry.${key}`] = file;
    }
  }
  return resolved;
}

function configError(error: unknown, file?: string): UserError {
  const where = file ?? (error as { filepath?: string }).filepath ?? 'a configuration file';
  return new UserError(
    'CONFIG',
    `Cannot read ${where}: ${errorMessage(error).split('\n')[0]}`,
    'Fix the syntax of that file.',
  );
}
