import type { Catalog, TemplateSource } from '../catalog/catalog.js';
import { isTrustedCatalog, untrustedCatalogHint } from '../catalog/catalog-trust.js';
import { DirCatalog } from '../catalog/dir-catalog.js';
import { catalogSearchOrder, openCatalog, type CatalogSpec } from '../catalog/open-catalogs.js';
import { pickVersion } from '../catalog/resolve-template.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { errorMessage, errorWithDetails, UserError } from '../errors.js';
import { readTemplateFiles, type TemplateFile } from '../render/template-files.js';
import type { TemplateFacts } from './facts.js';

/**
 * Shares catalog reads across the repos of one fleet run: 200 services on one template open
 * and read it once.
 */
export class TemplateCache {
  private readonly versionLists = new Map<string, Promise<string[]>>();
  private readonly sources = new Map<string, Promise<TemplateSource>>();
  private readonly files = new Map<string, Promise<TemplateFile[]>>();

  versions(catalog: Catalog, id: string): Promise<string[]> {
    return memo(this.versionLists, `${catalogKey(catalog)}\0${id}`, () => catalog.versions(id));
  }

  open(catalog: Catalog, id: string, version: string): Promise<TemplateSource> {
    return memo(this.sources, `${catalogKey(catalog)}\0${id}\0${version}`, () =>
      catalog.open(id, version),
    );
  }

  templateFiles(source: TemplateSource): Promise<TemplateFile[]> {
    return memo(this.files, source.dir, () => readTemplateFiles(source.dir));
  }
}

function memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function catalogKey(catalog: Catalog): string {
  return catalog instanceof DirCatalog ? catalog.root : catalog.source;
}

/**
 * The catalogs to search for a repo's template: `--catalog` (relative to where the command
 * runs), the configured ones, then the source the state file records (relative to the repo),
 * but only when the user trusts it: a repo cannot make the CLI read templates from inside
 * itself or fetch from a URL the user never named. A catalog that cannot be opened is skipped
 * and named in `notes`; an untrusted recorded source is named in `untrusted`.
 */
export function driftCatalogs(input: {
  flags: string[];
  cwd: string;
  root: string;
  config: ResolvedConfig;
  recorded?: string;
  env?: NodeJS.ProcessEnv;
}): { catalogs: Catalog[]; notes: string[]; untrusted?: string } {
  const specs: CatalogSpec[] = catalogSearchOrder(input.flags, input.cwd, input.config.catalogs);
  let untrusted: string | undefined;
  if (input.recorded) {
    const recorded = { source: input.recorded, baseDir: input.root };
    if (isTrustedCatalog(recorded, [...specs, ...input.config.trustedCatalogs]))
      specs.push(recorded);
    else untrusted = input.recorded;
  }
  const catalogs: Catalog[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const [index, spec] of specs.entries()) {
    try {
      const catalog = openCatalog(spec, { env: input.env ?? process.env });
      const key = catalogKey(catalog);
      if (!seen.has(key)) catalogs.push(catalog);
      seen.add(key);
    } catch (error) {
      // A bad --catalog is the user's input error (exit 2); a configured one is only noted.
      if (index < input.flags.length) throw error;
      notes.push(`catalog ${spec.source}: ${errorMessage(error)}`);
    }
  }
  return { catalogs, notes, ...(untrusted !== undefined && { untrusted }) };
}

/** The unknown-template facts when the recorded catalog was not searched for lack of trust. */
export function withUntrustedCatalog(facts: TemplateFacts, untrusted?: string): TemplateFacts {
  if (facts.kind !== 'unknown' || untrusted === undefined) return facts;
  return {
    ...facts,
    reason: `${facts.reason}; the recorded catalog ${untrusted} was not searched, because the repo names it and you have not trusted it`,
    hint: untrustedCatalogHint(untrusted),
  };
}

/** Finds the recorded version and the latest version across catalogs, never throwing. */
export async function lookupTemplate(
  catalogs: Catalog[],
  template: { id: string; version: string },
  cache: TemplateCache,
): Promise<{ facts: TemplateFacts; source?: TemplateSource }> {
  const { id, version } = template;
  const all: string[] = [];
  const problems: string[] = [];
  let invalidIn: string | undefined;
  let source: TemplateSource | undefined;
  for (const catalog of catalogs) {
    const versions = await cache.versions(catalog, id).catch((error: unknown) => {
      problems.push(`${catalog.source}: ${errorMessage(error)}`);
      return [] as string[];
    });
    all.push(...versions);
    if (source || !versions.includes(version)) continue;
    source = await cache.open(catalog, id, version).catch((error: unknown) => {
      // The catalog holds the version but cannot give it: say what is wrong with it.
      if (error instanceof UserError && error.code === 'MANIFEST') invalidIn ??= catalog.source;
      problems.push(`${catalog.source}: ${errorWithDetails(error)}`);
      return undefined;
    });
  }
  const latest = pickVersion(all);
  if (source)
    return {
      facts: { kind: 'found', id, version, manifest: source.manifest, latest: latest ?? version },
      source,
    };
  const searched = catalogs.map((c) => c.source).join(', ') || 'none';
  const reason =
    problems.length > 0
      ? problems.join('; ')
      : all.length > 0
        ? `the catalogs hold ${[...new Set(all)].join(', ')}`
        : `searched ${searched}`;
  const hint =
    invalidIn &&
    `Fix ${id}/${version}/template.yaml in ${invalidIn} (\`platform templates validate\` on its folder lists each problem), or pass a catalog with a valid copy with --catalog.`;
  return {
    facts: {
      kind: 'unknown',
      id,
      version,
      reason,
      ...(latest !== undefined && { latest }),
      ...(hint && { hint }),
    },
  };
}
