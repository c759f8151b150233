import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { xdgPaths } from '../xdg-paths.js';

/**
 * Where configuration files are found. A repo may hold data only; code is read only from the
 * user's own config folder (PRODUCT.md, "Configuration" and "Trust model").
 */

const MODULE = 'platform';
const DATA_EXTENSIONS = ['json', 'yaml', 'yml'];
const CODE_EXTENSIONS = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'];

/** The repo's search places in one folder, in the order they are tried. */
export const REPO_SEARCH_PLACES = [
  'package.json',
  `.${MODULE}rc`,
  ...DATA_EXTENSIONS.map((ext) => `.${MODULE}rc.${ext}`),
  `.config/${MODULE}rc`,
  ...DATA_EXTENSIONS.map((ext) => `.config/${MODULE}rc.${ext}`),
  ...DATA_EXTENSIONS.map((ext) => `${MODULE}.config.${ext}`),
];

/** Code configs that a repo may hold but that are never loaded from it, only named in a warning. */
const REPO_CODE_CONFIGS = [
  ...CODE_EXTENSIONS.map((ext) => `.${MODULE}rc.${ext}`),
  ...CODE_EXTENSIONS.map((ext) => `.config/${MODULE}rc.${ext}`),
  ...CODE_EXTENSIONS.map((ext) => `${MODULE}.config.${ext}`),
];

/** The user's file names, data first; `.js`, `.mjs` and `.cjs` are read from here only. */
const USER_FILES = ['json', 'yaml', 'yml', 'js', 'mjs', 'cjs'].map((ext) => `config.${ext}`);

/** The user's configuration file, if there is one. */
export function userConfigFile(env: NodeJS.ProcessEnv): string | undefined {
  const dir = xdgPaths(env).config;
  return USER_FILES.map((name) => path.join(dir, name)).find((file) => isFile(file));
}

/**
 * The root of the repo holding `dir`: the nearest folder with a `.git` entry (a folder, or the
 * file of a worktree or submodule), or `dir` itself outside a repo. Read from the disk rather
 * than from `git rev-parse`, which would cost a process spawn on every command.
 */
export function repoRootOf(dir: string): string {
  const start = path.resolve(dir);
  for (let current = start; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return start;
  }
}

/** What the upward search from a folder to its repo root found. */
export interface RepoConfigSearch {
  /** Candidate data files, nearest first; the first one that holds configuration wins. */
  candidates: string[];
  /** Code configs in the repo, which are not loaded. */
  codeConfigs: string[];
}

/** Lists the repo's config candidates from `cwd` up to its repo root, never above it. */
export function searchRepoConfig(cwd: string): RepoConfigSearch {
  const root = repoRootOf(cwd);
  const result: RepoConfigSearch = { candidates: [], codeConfigs: [] };
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const names = entriesOf(dir);
    if (names.size > 0) {
      const inConfig = names.has('.config') ? entriesOf(path.join(dir, '.config')) : new Set();
      const present = (place: string) =>
        place.startsWith('.config/') ? inConfig.has(place.slice(8)) : names.has(place);
      for (const place of REPO_SEARCH_PLACES)
        if (present(place)) result.candidates.push(path.join(dir, place));
      for (const place of REPO_CODE_CONFIGS)
        if (present(place)) result.codeConfigs.push(path.join(dir, place));
    }
    if (dir === root || path.dirname(dir) === dir) return result;
  }
}

/** The warning for a code config found in a repo: named, not loaded, and how to convert it. */
export function codeConfigWarning(file: string): string {
  const data = path.join(path.dirname(file), `${path.basename(file).replace(/\.[^.]+$/, '')}.json`);
  return (
    `${file} is not loaded: configuration in a repo is data only, and no code from a repo runs. ` +
    `Convert it to JSON or YAML (for example ${data}), or move code into your user config ` +
    '($XDG_CONFIG_HOME/platform/config.js, by default under ~/.config).'
  );
}

function entriesOf(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
