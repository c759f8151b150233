import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../package-root.js';
import { UserError } from '../errors.js';
import { describeIssues } from '../zod-issues.js';
import { codeConfigWarning, searchRepoConfig, userConfigFile } from './config-files.js';
import { rememberLoadedConfig } from './loaded-config.js';
import { mergeLayers, type ConfigLayer, type ResolvedConfig } from './merge-config.js';
import { isDataConfig, readConfigFile, type ConfigScope } from './read-config-file.js';
import { applyTelemetryEnv } from './telemetry-env.js';

export type { ResolvedConfig } from './merge-config.js';

/** The defaults file an org's republished package may carry at its root. */
export const PACKAGE_DEFAULTS = 'platform.defaults.json';

/**
 * Loads the package's defaults (`platform.defaults.json`, when an org's package ships one), the
 * user's file, then the repo's (searched upward from `cwd` to the repo root, data
 * files only), each under the presets it extends, then the telemetry variables of `env`. A repo
 * value wins over a user value within the limits of the trust model (see merge-config).
 */
export async function loadConfig({
  cwd,
  env = process.env,
}: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ResolvedConfig> {
  const layers: ConfigLayer[] = [];
  // An org's republished CLI can ship its defaults (catalogs, cli.package, the endpoint): they
  // come with the installed package, so they are trusted like the user's own file, under it.
  const defaults = path.join(packageRoot(), PACKAGE_DEFAULTS);
  if (existsSync(defaults)) layers.push(...(await loadChain(defaults, 'user', [])));
  const userFile = userConfigFile(env);
  if (userFile) layers.push(...(await loadChain(userFile, 'user', [])));
  const search = searchRepoConfig(cwd);
  for (const file of search.candidates) {
    const chain = await loadChain(file, 'repo', []);
    if (chain.length === 0) continue;
    layers.push(...chain);
    break;
  }
  const resolved = mergeLayers(layers);
  resolved.warnings.unshift(...search.codeConfigs.map(codeConfigWarning));
  applyTelemetryEnv(resolved, env);
  return rememberLoadedConfig(resolved);
}

/** One file under the presets it extends, presets first; empty when the file holds nothing. */
async function loadChain(file: string, scope: ConfigScope, seen: string[]): Promise<ConfigLayer[]> {
  if (seen.includes(file))
    throw new UserError(
      'CONFIG',
      `${file}: extends forms a cycle`,
      'Remove one of the extends keys.',
    );
  // Only the user's own file may be code; a preset is data even when the user extends it.
  const raw = await readConfigFile(file, seen.length === 0 ? scope : 'repo');
  if (raw === undefined) return [];
  // Loaded with the first file: without one, a run never pays for the schema (classic zod).
  const { configSchema } = await import('./config-schema.js');
  const result = configSchema().safeParse(raw);
  if (!result.success)
    throw new UserError(
      'CONFIG',
      `Invalid configuration in ${file}`,
      // Not `platform config print`: it reads the same file and fails the same way.
      `Edit ${file} and fix the keys named below.`,
      describeIssues(result.error),
    );
  const layer = { file, scope, config: result.data };
  if (!result.data.extends) return [layer];
  const preset = resolvePreset(file, result.data.extends);
  return [...(await loadChain(preset, scope, [...seen, file])), layer];
}

/**
 * The file an `extends` names, resolved like a package import from the naming file's folder. A
 * preset is data: a JSON or YAML file, never a module that would run.
 */
function resolvePreset(file: string, name: string): string {
  let preset: string;
  try {
    preset = createRequire(file).resolve(name);
  } catch {
    throw new UserError(
      'CONFIG',
      `${file}: extends names "${name}", which is not installed`,
      `Install it (npm install -D ${name}) or remove the extends key.`,
    );
  }
  if (!isDataConfig(preset))
    throw new UserError(
      'CONFIG',
      `${file}: extends names "${name}", which resolves to ${preset}: code, and a preset is data only`,
      `Point the package's main at a JSON or YAML file, or name the file itself (extends: "${name}/platform.json").`,
    );
  return preset;
}
