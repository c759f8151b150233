import { createHash } from 'node:crypto';

/**
 * Reduces the many spellings of one remote to one: `git@github.com:Acme/Orders.git`,
 * `https://user:token@github.com/acme/orders/` and `ssh://git@github.com:22/acme/orders` all
 * become `github.com/acme/orders`. Credentials, ports and the scheme never reach the hash input.
 */
export function normalizeRemote(remote: string): string | null {
  let text = remote.trim();
  if (!text) return null;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `ssh://${scp[1]}/${scp[2]}`;
  let host = '';
  let pathname = text;
  try {
    const url = new URL(text);
    host = url.hostname;
    pathname = decodeURIComponent(url.pathname);
  } catch {
    // A local path as remote: hashed as it is.
  }
  pathname = pathname
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/^\/+/, '');
  return [host, pathname].filter(Boolean).join('/').toLowerCase() || null;
}

/** The project id: a salted sha256 of the normalized remote, cut to 32 hex characters. */
export function projectIdFor(remote: string | null, salt: string): string | null {
  const normalized = remote ? normalizeRemote(remote) : null;
  if (!normalized) return null;
  return createHash('sha256').update(`${salt}\n${normalized}`).digest('hex').slice(0, 32);
}
