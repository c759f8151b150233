import { createHash } from 'node:crypto';
import { access, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as semver from './semver.js';
import { git, tryGit } from '../adapters/git.js';
import { UserError, errorMessage } from '../errors.js';
import { makeDir } from '../make-dir.js';
import type { Catalog, TemplateSource } from './catalog.js';
import { loadManifestCached } from './manifest-cache.js';

interface TagIndex {
  /** id -> version -> tag name */
  versions: Map<string, Map<string, string>>;
}

const fetched = new Map<string, Promise<string>>();

/**
 * A git repository whose tags are template versions: `<id>@<semver>` holds `<id>/template.yaml`
 * (many templates), `v<semver>` holds `template.yaml` at the root (one template).
 */
export class GitCatalog implements Catalog {
  readonly kind = 'git' as const;
  private index?: Promise<TagIndex>;

  /** `source` is `git+<url>`; `cacheDir` holds the bare mirror and checked-out versions. */
  constructor(
    readonly source: string,
    readonly cacheDir: string,
    private readonly note: (message: string) => void = () => undefined,
  ) {}

  get url(): string {
    return this.source.slice('git+'.length).replace(/^file:\/\/(?=\/)/, '');
  }

  async ids(): Promise<string[]> {
    return [...(await this.tags()).versions.keys()].sort();
  }

  async versions(id: string): Promise<string[]> {
    return [...((await this.tags()).versions.get(id)?.keys() ?? [])];
  }

  async open(id: string, version: string): Promise<TemplateSource> {
    const tag = (await this.tags()).versions.get(id)?.get(version);
    if (!tag) throw new UserError('TEMPLATE_NOT_FOUND', `${this.source} has no ${id}@${version}`);
    try {
      return await this.openTag(id, version, tag);
    } catch (error) {
      if (error instanceof UserError) throw error;
      // A mirror or checkout damaged in the cache: drop both and fetch afresh, once.
      await this.discardCache();
      return this.openTag(id, version, tag).catch((again: unknown) => {
        throw corruptCache(this.source, this.cacheDir, again);
      });
    }
  }

  private async openTag(id: string, version: string, tag: string): Promise<TemplateSource> {
    const mirror = await this.mirror();
    const commit = await git(['rev-parse', '--verify', '--end-of-options', `${tag}^{commit}`], {
      cwd: mirror,
    });
    const checkout = path.join(
      this.cacheDir,
      'versions',
      `${id}@${version}-${commit.slice(0, 12)}`,
    );
    // `HEAD` stands for a repo read as a folder catalog: <id>/<version>/ on its default branch.
    const folder = tag === FOLDER_LAYOUT;
    const single = tag.startsWith('v');
    const inside = folder ? `${id}/${version}` : single ? '' : id;
    if (!(await exists(checkout))) await extractTag(mirror, tag, inside ? [inside] : [], checkout);
    const dir = inside ? path.join(checkout, inside) : checkout;
    const manifest = await loadManifestCached(
      dir,
      folder
        ? `${this.source} (${inside}): template.yaml`
        : `${this.source} (tag ${tag}): template.yaml`,
      this.cacheDir,
    );
    if (manifest.id !== id || manifest.version !== version)
      throw new UserError(
        'MANIFEST',
        `${this.source}: tag ${tag} holds ${manifest.id}@${manifest.version}`,
        'The id and version in template.yaml must equal the tag.',
      );
    return { manifest, dir, catalog: this.source, catalogKind: 'git' };
  }

  private tags(): Promise<TagIndex> {
    this.index ??= this.readTags();
    return this.index;
  }

  private async readTags(): Promise<TagIndex> {
    const mirror = await this.mirror();
    const names = (await git(['tag', '--list'], { cwd: mirror })).split('\n').filter(Boolean);
    const versions = new Map<string, Map<string, string>>();
    const add = (id: string, version: string, tag: string) => {
      if (!versions.has(id)) versions.set(id, new Map());
      versions.get(id)!.set(version, tag);
    };
    for (const tag of names) {
      const multi = /^([a-z0-9-]+)@(.+)$/.exec(tag);
      if (multi && semver.valid(multi[2]) === multi[2]) add(multi[1]!, multi[2], tag);
      const single = /^v(.+)$/.exec(tag);
      if (single && semver.valid(single[1]) === single[1]) {
        const id = await singleTemplateId(mirror, tag);
        if (id) add(id, single[1], tag);
      }
    }
    if (versions.size === 0) return this.readFolderLayout(mirror);
    return { versions };
  }

  // No version tags: a repo laid out like a folder catalog is read from its default branch.
  private async readFolderLayout(mirror: string): Promise<TagIndex> {
    const listed = await tryGit(['ls-tree', '-r', '--name-only', 'HEAD'], { cwd: mirror });
    const versions = new Map<string, Map<string, string>>();
    for (const file of (listed ?? '').split('\n')) {
      const match = /^([a-z0-9-]+)\/([^/]+)\/template\.yaml$/.exec(file);
      if (!match || semver.valid(match[2]) !== match[2]) continue;
      if (!versions.has(match[1]!)) versions.set(match[1]!, new Map());
      versions.get(match[1]!)!.set(match[2], FOLDER_LAYOUT);
    }
    if (versions.size === 0)
      throw new UserError(
        'TEMPLATE_NOT_FOUND',
        `${this.source} holds no template versions`,
        'A git catalog needs tags <id>@<version> (with <id>/template.yaml) or v<version> (with template.yaml at the root), or a default branch laid out as <id>/<version>/template.yaml.',
      );
    this.note(
      `${this.source} has no version tags; reading its default branch as a folder catalog (<id>/<version>/template.yaml).`,
    );
    return { versions };
  }

  private async discardCache(): Promise<void> {
    fetched.delete(path.join(this.cacheDir, 'mirror'));
    await rm(this.cacheDir, { recursive: true, force: true });
  }

  // One fetch per process and URL: later look-ups reuse the mirror.
  private mirror(): Promise<string> {
    const dir = path.join(this.cacheDir, 'mirror');
    let pending = fetched.get(dir);
    if (!pending) {
      pending = updateMirror(this.url, dir, this.source);
      fetched.set(dir, pending);
    }
    return pending;
  }
}

/** The cache folder of one git catalog URL. */
export function gitCatalogCacheDir(cacheRoot: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return path.join(cacheRoot, 'catalogs', hash);
}

async function updateMirror(url: string, dir: string, source: string): Promise<string> {
  // A mirror git no longer recognises (a torn clone, a damaged HEAD) is removed and cloned again.
  if (
    (await exists(dir)) &&
    (await tryGit(['--git-dir', dir, 'rev-parse', '--is-bare-repository'], {
      cwd: path.dirname(dir),
    })) !== 'true'
  )
    await rm(dir, { recursive: true, force: true });
  if (await exists(path.join(dir, 'HEAD'))) {
    const ok = await tryGit(
      // Tags are versions; branches keep HEAD current for a repo laid out as a folder catalog.
      [
        'fetch',
        '--quiet',
        '--prune',
        '--tags',
        '--force',
        '--',
        url,
        '+refs/tags/*:refs/tags/*',
        '+refs/heads/*:refs/heads/*',
      ],
      { cwd: dir },
    );
    if (ok === null && !(await tryGit(['tag', '--list'], { cwd: dir })))
      throw new UserError(
        'TEMPLATE_NOT_FOUND',
        `Could not fetch the catalog ${source}`,
        'Check the URL and your access to it.',
      );
    return dir;
  }
  makeDir(path.dirname(dir), CACHE_HINT);
  const tmp = await mkdtemp(`${dir}-`);
  try {
    await git(['clone', '--quiet', '--bare', '--', url, tmp], { cwd: path.dirname(dir) });
    await rename(tmp, dir).catch((error: NodeJS.ErrnoException) => {
      // Another process cloned it first; theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } catch (error) {
    throw new UserError(
      'TEMPLATE_NOT_FOUND',
      `Could not clone the catalog ${source}: ${errorMessage(error).split('\n').at(-1)}`,
      'Check the URL and your access to it, e.g. with `git ls-remote`.',
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return dir;
}

async function singleTemplateId(mirror: string, tag: string): Promise<string | null> {
  const text = await tryGit(['show', `${tag}:template.yaml`], { cwd: mirror });
  if (text === null) return null;
  try {
    const { parseYaml } = await import('../yaml-data.js');
    const id = ((await parseYaml(text)) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

async function extractTag(mirror: string, tag: string, paths: string[], dest: string) {
  makeDir(path.dirname(dest), CACHE_HINT);
  const tmp = await mkdtemp(`${dest}-`);
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, '.git-index') };
    await git(
      ['--work-tree', tmp, 'checkout', '--force', tag, '--', ...(paths.length ? paths : ['.'])],
      { cwd: mirror, env },
    );
    await rm(env.GIT_INDEX_FILE, { force: true });
    await rename(tmp, dest).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The "tag" of a version read from the default branch of a repo laid out as a folder catalog. */
const FOLDER_LAYOUT = 'HEAD';

const CACHE_HINT =
  'Set XDG_CACHE_HOME to a folder you can write, or fix the permissions of this one.';

function corruptCache(source: string, cacheDir: string, error: unknown): UserError {
  return new UserError(
    'ENVIRONMENT',
    `The cached copy of the catalog ${source} cannot be read, even after fetching it again: ${errorMessage(error).split('\n')[0]}`,
    `Delete ${cacheDir} and run the command again; if it persists, check the catalog's tags.`,
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
