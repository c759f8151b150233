import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as semver from './semver.js';
import { UserError } from '../errors.js';
import { refuseLinkedFolder } from '../render/template-files.js';
import type { Catalog, CatalogKind, TemplateSource } from './catalog.js';
import { loadManifestCached } from './manifest-cache.js';

/** A folder laid out as `<id>/<version>/template.yaml`; the builtin catalog is one too. */
export class DirCatalog implements Catalog {
  constructor(
    readonly root: string,
    readonly source: string,
    readonly kind: CatalogKind = 'dir',
    /** Where validated manifests are cached; none disables the cache. */
    private readonly cacheDir?: string,
  ) {}

  ids(): Promise<string[]> {
    return listDirs(this.root, (names) => names.filter((name) => /^[a-z0-9-]+$/.test(name)).sort());
  }

  versions(id: string): Promise<string[]> {
    if (!/^[a-z0-9-]+$/.test(id)) return Promise.resolve([]);
    return listDirs(path.join(this.root, id), (names) =>
      names.filter((v) => semver.valid(v) === v),
    );
  }

  async open(id: string, version: string): Promise<TemplateSource> {
    const dir = path.join(this.root, id, version);
    for (const entry of [id, path.join(id, version)]) refuseLinkedFolder(this.root, entry);
    refuseLinkedFolder(dir, 'template.yaml');
    const manifest = await loadManifestCached(
      dir,
      `${this.source}: ${id}/${version}/template.yaml`,
      this.cacheDir,
    );
    if (manifest.id !== id || manifest.version !== version)
      throw new UserError(
        'MANIFEST',
        `${this.source}: ${id}/${version}/template.yaml declares ${manifest.id}@${manifest.version}`,
        'The id and version in template.yaml must equal the folder names.',
      );
    return {
      manifest,
      dir,
      catalog: this.kind === 'builtin' ? 'builtin' : this.root,
      catalogKind: this.kind,
    };
  }
}

// Synchronous: one small folder, where the thread pool would cost a round trip. A throw inside
// the executor rejects the promise, as an async function's would.
function listDirs(dir: string, pick: (names: string[]) => string[]): Promise<string[]> {
  return new Promise((resolve) => {
    try {
      const entries = readdirSync(dir, { withFileTypes: true });
      resolve(pick(entries.filter((e) => e.isDirectory()).map((e) => e.name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      resolve([]);
    }
  });
}
