import { existsSync } from 'node:fs';
import path from 'node:path';
import { STATE_FILE } from './service-state.js';

/**
 * The service a command is about, from any folder inside it: the nearest folder up from `start`
 * holding the state file, or else the git work tree's root, so that running in `src/` acts on
 * the service, not on `src/`. A service in a monorepo folder is found by its own state file.
 * Every command that takes a service path finds it here.
 */
export function serviceRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, STATE_FILE))) return dir;
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
