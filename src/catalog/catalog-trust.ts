import path from 'node:path';
import type { Catalog, CatalogKind, TemplateSource } from './catalog.js';
import type { CatalogSpec } from './open-catalogs.js';

/**
 * Which catalogs may be opened. The built-in one ships with the CLI; every other catalog must
 * come from the person running it: `--catalog`, their own config file, or a preset it extends.
 * A repo under check can only name catalogs from that set (PRODUCT.md, "Trust model").
 */

/** The identity of a source: `builtin`, the `git+`/`npm:` string, or a folder's absolute path. */
export function catalogIdentity({ source, baseDir }: CatalogSpec): string {
  if (source === 'builtin' || source.startsWith('git+') || source.startsWith('npm:')) return source;
  return path.resolve(baseDir, source);
}

/** True when `spec` is built in or names the same catalog as one of the trusted specs. */
export function isTrustedCatalog(spec: CatalogSpec, trusted: CatalogSpec[]): boolean {
  const identity = catalogIdentity(spec);
  return identity === 'builtin' || trusted.some((t) => catalogIdentity(t) === identity);
}

/** What to do about a catalog the user has not trusted: the config key to add, or the flag. */
export function untrustedCatalogHint(source: string): string {
  const example = source.startsWith('git+') || source.startsWith('npm:') ? source : '<folder>';
  return (
    `To use it, add it to your user config (catalogs: ["${example}"] in ` +
    `$XDG_CONFIG_HOME/platform/config.json) or pass --catalog ${example}.`
  );
}

/**
 * A catalog named by a repo that the user has not trusted: it is never opened, cloned or
 * fetched, holds nothing, and says why when a version is looked for in it.
 */
export class UntrustedCatalog implements Catalog {
  readonly failure: string;
  constructor(
    readonly source: string,
    readonly kind: CatalogKind,
  ) {
    this.failure = `not searched, the user has not trusted it. ${untrustedCatalogHint(source)}`;
  }
  ids(): Promise<string[]> {
    return Promise.resolve([]);
  }
  versions(): Promise<string[]> {
    return Promise.resolve([]);
  }
  open(): Promise<TemplateSource> {
    return Promise.reject(new Error(`${this.source} is ${this.failure}`));
  }
}

/** The kind a source string names, without opening it. */
export function kindOfSource(source: string): CatalogKind {
  if (source === 'builtin') return 'builtin';
  if (source.startsWith('git+')) return 'git';
  if (source.startsWith('npm:')) return 'npm';
  return 'dir';
}
