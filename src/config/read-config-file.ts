import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../errors.js';

/** Where a file came from: the user's own folder (trusted) or a repo under check (data only). */
export type ConfigScope = 'user' | 'repo';

const DATA = new Set(['.json', '.yaml', '.yml', '']);
const USER_CODE = new Set(['.js', '.mjs', '.cjs']);

/** True when a file of this name would be read as data, never run. */
export function isDataConfig(file: string): boolean {
  return DATA.has(path.extname(file));
}

/**
 * Reads one configuration file: JSON or YAML from anywhere, `package.json#platform`, and code
 * only when `scope` is `user`. Gives `undefined` for an empty file or a package.json without a
 * `platform` key, so the search moves on.
 */
export async function readConfigFile(file: string, scope: ConfigScope): Promise<unknown> {
  const ext = path.extname(file);
  if (USER_CODE.has(ext)) {
    if (scope !== 'user') throw new Error(`${file} is code, read only from the user's folder`);
    const module = (await import(pathToFileURL(file).href).catch((error: unknown) => {
      throw unreadable(file, error);
    })) as { default?: unknown };
    return module.default ?? module;
  }
  if (!DATA.has(ext))
    throw new UserError(
      'CONFIG',
      `${file} is not a configuration format this CLI reads`,
      'Use JSON or YAML.',
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  }
  if (path.basename(file) === 'package.json') {
    const pkg = parseJson(file, text);
    return pkg !== null && typeof pkg === 'object'
      ? (pkg as { platform?: unknown }).platform
      : undefined;
  }
  if (text.trim() === '') return undefined;
  if (ext === '.json') return parseJson(file, text);
  const { parseYaml } = await import('../yaml-data.js');
  try {
    return (await parseYaml(text)) ?? undefined;
  } catch (error) {
    throw unreadable(file, error);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): UserError {
  return new UserError(
    'CONFIG',
    `Cannot read ${file}: ${errorMessage(error).split('\n')[0]}`,
    'Fix the syntax of that file.',
  );
}
