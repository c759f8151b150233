import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { xdgPaths } from '../xdg-paths.js';
import type { Catalog, TemplateSource } from './catalog.js';
import { DirCatalog } from './dir-catalog.js';
import { GitCatalog, gitCatalogCacheDir } from './git-catalog.js';
import { NpmCatalog } from './npm-catalog.js';

/** A catalog source string and the folder its relative paths are relative to. */
export interface CatalogSpec {
  source: string;
  baseDir: string;
}

export interface CatalogContext {
  env?: NodeJS.ProcessEnv;
  /** Where a catalog's notes go (an npm catalog used offline from the cache); stderr by default. */
  note?: (message: string) => void;
}

/** Opens catalogs in search order, dropping repeats of the same source. */
export function openCatalogs(specs: CatalogSpec[], context: CatalogContext): Catalog[] {
  const seen = new Set<string>();
  const catalogs: Catalog[] = [];
  for (const spec of specs) {
    const catalog = openCatalog(spec, context);
    const key = catalog instanceof DirCatalog ? catalog.root : catalog.source;
    if (!seen.has(key)) catalogs.push(catalog);
    seen.add(key);
  }
  return catalogs;
}

/** One catalog from a source: `builtin`, `git+<url>`, `npm:<package>[@range]`, or a folder path. */
export function openCatalog({ source, baseDir }: CatalogSpec, context: CatalogContext): Catalog {
  if (source === 'builtin')
    return new DirCatalog(builtinTemplatesDir(), 'builtin', 'builtin', xdgPaths(context.env).cache);
  if (source.startsWith('-'))
    throw new UserError(
      'USAGE',
      `The catalog source "${source}" starts with "-"`,
      'A catalog is builtin, a folder path, or git+<url>; write a folder as ./-name.',
    );
  if (source.startsWith('git+')) {
    checkGitUrl(source);
    return new GitCatalog(
      source,
      gitCatalogCacheDir(xdgPaths(context.env).cache, source),
      context.note ?? ((message) => process.stderr.write(`${message}\n`)),
    );
  }
  if (source.startsWith('npm:'))
    return new NpmCatalog(source, {
      baseDir,
      cacheRoot: xdgPaths(context.env).cache,
      env: context.env ?? process.env,
      note: context.note ?? ((message) => process.stderr.write(`${message}\n`)),
    });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source))
    throw new UserError(
      'USAGE',
      `Unknown catalog source "${source}"; a git repository is written git+<url>`,
      `Did you mean git+${source}?`,
    );
  const root = path.resolve(baseDir, source);
  if (!existsSync(root))
    throw new UserError(
      'USAGE',
      `The catalog folder ${source} does not exist`,
      'Pass a folder laid out as <id>/<version>/template.yaml.',
    );
  if (!statSync(root).isDirectory())
    throw new UserError(
      'USAGE',
      `The catalog ${source} is a file, not a folder`,
      'Pass a folder laid out as <id>/<version>/template.yaml, or git+<url> for a repository.',
    );
  return new DirCatalog(root, source, 'dir', xdgPaths(context.env).cache);
}

/** Transports git may use for a catalog; `ext::` and other remote helpers could run programs. */
const GIT_SCHEMES = new Set(['https', 'ssh', 'git', 'file']);

/** Refuses a git catalog URL that is empty, looks like an option, or uses another transport. */
function checkGitUrl(source: string): void {
  const url = source.slice('git+'.length);
  const hint = 'Write git+<url> with https, ssh, git or file, e.g. git+https://git.acme.dev/t.git.';
  if (url === '') throw new UserError('USAGE', `The catalog "${source}" names no repository`, hint);
  if (url.startsWith('-'))
    throw new UserError(
      'USAGE',
      `The catalog "${source}": a git URL must not start with "-"`,
      hint,
    );
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (url.includes('::') || (scheme !== undefined && !GIT_SCHEMES.has(scheme)))
    throw new UserError(
      'USAGE',
      `The catalog "${source}" uses a git transport that is not allowed`,
      hint,
    );
}

/** The package's own templates/ folder, found from wherever this code was bundled to. */
export function builtinTemplatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

/** Search order: `--catalog` flags, then the configured catalogs (builtin when none are). */
export function catalogSearchOrder(
  flags: string[],
  cwd: string,
  configured: CatalogSpec[],
): CatalogSpec[] {
  const fromFlags = flags.map((source) => ({ source, baseDir: cwd }));
  return [
    ...fromFlags,
    ...(configured.length > 0 ? configured : [{ source: 'builtin', baseDir: cwd }]),
  ];
}

/** What the state file records as a template's catalog: never an absolute path. */
export function recordedCatalog(template: TemplateSource, repoRoot: string): string {
  if (template.catalogKind !== 'dir') return template.catalog;
  return path.relative(repoRoot, template.catalog).split(path.sep).join('/') || '.';
}
