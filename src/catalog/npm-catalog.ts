import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fetchPackage, publishedVersions } from '../adapters/npm-packages.js';
import { UserError } from '../errors.js';
import type { Catalog, TemplateSource } from './catalog.js';
import { DirCatalog } from './dir-catalog.js';
import * as semver from './semver.js';

/** `npm:<package>[@range]`, split. */
export interface NpmCatalogRef {
  name: string;
  range: string;
}

/** Parses `npm:@acme/templates@^2`; the range defaults to any version. */
export function parseNpmSource(source: string): NpmCatalogRef {
  const match = /^npm:((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@(.+))?$/.exec(source);
  if (!match || (match[2] !== undefined && semver.validRange(match[2]) === null))
    throw new UserError(
      'USAGE',
      `"${source}" is not an npm catalog`,
      'Write npm:<package>[@range], e.g. npm:@acme/templates or npm:@acme/templates@^2.',
    );
  return { name: match[1]!, range: match[2] ?? '*' };
}

interface ResolvedPackage {
  version: string;
  catalog: DirCatalog;
}

/**
 * An npm package holding a catalog folder (`platform.catalog` in its package.json, default
 * `templates/`). It comes from the repo's node_modules when installed there in a version the
 * range allows, otherwise from the cache, fetched with `npm pack` once per name and version.
 * Offline, the newest cached version in range is used, with a note.
 */
export class NpmCatalog implements Catalog {
  readonly kind = 'npm' as const;
  private readonly ref: NpmCatalogRef;
  private resolved?: Promise<ResolvedPackage>;

  constructor(
    readonly source: string,
    private readonly options: {
      /** Where the search for an installed copy starts (the repo or the current folder). */
      baseDir: string;
      cacheRoot: string;
      env: NodeJS.ProcessEnv;
      note: (message: string) => void;
    },
  ) {
    this.ref = parseNpmSource(source);
  }

  async ids(): Promise<string[]> {
    return (await this.resolve()).catalog.ids();
  }

  async versions(id: string): Promise<string[]> {
    return (await this.resolve()).catalog.versions(id);
  }

  async open(id: string, version: string): Promise<TemplateSource> {
    const resolved = await this.resolve();
    const source = await resolved.catalog.open(id, version);
    // The exact package version goes into the state file, so a re-render is exact.
    return { ...source, catalog: `npm:${this.ref.name}@${resolved.version}`, catalogKind: 'npm' };
  }

  private resolve(): Promise<ResolvedPackage> {
    this.resolved ??= this.locate();
    return this.resolved;
  }

  private async locate(): Promise<ResolvedPackage> {
    const installed = this.installedCopy();
    if (installed) return this.catalogIn(installed.dir, installed.version);
    const cached = this.cachedVersions();
    const exact = semver.valid(this.ref.range) === this.ref.range ? this.ref.range : null;
    // An exact version already in the cache needs no registry at all.
    if (exact && cached.includes(exact)) return this.catalogIn(this.cacheDir(exact), exact);
    const published = await publishedVersions(this.ref.name, this.ref.range, this.options.env);
    if (!Array.isArray(published)) {
      const fallback = semver.maxSatisfying(cached, this.ref.range);
      if (published.kind === 'unreachable' && fallback) {
        this.options.note(
          `The registry is out of reach (${published.message}); using npm:${this.ref.name}@${fallback} from the cache.`,
        );
        return this.catalogIn(this.cacheDir(fallback), fallback);
      }
      throw new UserError(
        'TEMPLATE_NOT_FOUND',
        published.kind === 'unknown'
          ? `The npm catalog ${this.source} does not exist on the configured registry`
          : `The npm catalog ${this.source} cannot be resolved: the registry is out of reach (${published.message}) and no version in range is cached`,
        published.kind === 'unknown'
          ? 'Check the package name, and the registry and scope in your .npmrc.'
          : 'Connect to the registry once to cache it, or install it in the repo (npm install -D).',
      );
    }
    const version = semver.maxSatisfying(published, this.ref.range);
    if (!version)
      throw new UserError(
        'TEMPLATE_NOT_FOUND',
        `No published version of ${this.ref.name} satisfies ${this.ref.range}`,
        `Published: ${published.slice(-5).join(', ')}. Widen the range.`,
      );
    const dir = this.cacheDir(version);
    if (!existsSync(path.join(dir, 'package.json')))
      await fetchPackage(this.ref.name, version, dir, this.options.env);
    return this.catalogIn(dir, version);
  }

  private catalogIn(packageDir: string, version: string): ResolvedPackage {
    const pkg = readPackageJson(packageDir);
    const folder = typeof pkg?.platform?.catalog === 'string' ? pkg.platform.catalog : 'templates';
    const root = path.resolve(packageDir, folder);
    const inside = path.relative(packageDir, root);
    if (inside.startsWith('..') || path.isAbsolute(inside) || !isDirectory(root))
      throw new UserError(
        'TEMPLATE_NOT_FOUND',
        `${this.ref.name}@${version} has no catalog folder ${folder}/`,
        'The package needs <id>/<version>/template.yaml under templates/, or under the folder its package.json names in platform.catalog.',
      );
    return { version, catalog: new DirCatalog(root, this.source, 'npm') };
  }

  private installedCopy(): { dir: string; version: string } | null {
    for (let dir = path.resolve(this.options.baseDir); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', this.ref.name);
      const version = readPackageJson(candidate)?.version;
      if (typeof version === 'string' && semver.satisfies(version, this.ref.range))
        return { dir: candidate, version };
      if (path.dirname(dir) === dir) return null;
    }
  }

  private cacheDir(version: string): string {
    return path.join(this.options.cacheRoot, 'npm', this.ref.name, version);
  }

  private cachedVersions(): string[] {
    const dir = path.join(this.options.cacheRoot, 'npm', this.ref.name);
    if (!isDirectory(dir)) return [];
    return readdirSync(dir).filter(
      (v) => semver.valid(v) === v && existsSync(path.join(dir, v, 'package.json')),
    );
  }
}

function readPackageJson(
  dir: string,
): { version?: unknown; platform?: { catalog?: unknown } } | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
  } catch {
    return null;
  }
}

const isDirectory = (dir: string) => statSync(dir, { throwIfNoEntry: false })?.isDirectory();
