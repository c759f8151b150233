import os from 'node:os';
import path from 'node:path';

/** The user's config, cache and state folders for this CLI, following the XDG base dirs. */
export function xdgPaths(env: NodeJS.ProcessEnv = process.env) {
  const home = env.HOME || os.homedir();
  const base = (variable: string, fallback: string) =>
    path.join(
      env[variable] && path.isAbsolute(env[variable]) ? env[variable] : path.join(home, fallback),
      'platform',
    );
  return {
    config: base('XDG_CONFIG_HOME', '.config'),
    cache: base('XDG_CACHE_HOME', '.cache'),
    state: base('XDG_STATE_HOME', '.local/state'),
  };
}
