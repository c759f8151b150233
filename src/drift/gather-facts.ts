import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { listTrackedFiles } from '../adapters/git.js';
import type { TemplateSource } from '../catalog/catalog.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { UserError, errorMessage } from '../errors.js';
import type { RenderPlan } from '../render/plan-render.js';
import { readServiceState, type ServiceState } from '../state/service-state.js';
import { readWaivers } from '../state/waivers.js';
import type { ManagedFileFact, RepoFacts, TemplateFacts } from './facts.js';
import { parseCheckedDocs } from './structured-docs.js';
import { driftCatalogs, lookupTemplate, TemplateCache } from './template-lookup.js';

/** Text files above this size are not scanned for markers and credentials. */
const MAX_SCAN_BYTES = 1024 * 1024;

export interface GatherOptions {
  root: string;
  /** May still be loading: the git and file reads do not wait for it. */
  config: ResolvedConfig | Promise<ResolvedConfig>;
  /** `--catalog` sources, relative to `cwd`. */
  catalogs?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  /** `auto` renders only when a managed file differs; fixes and diffs need `always`. */
  render?: 'auto' | 'always';
  cache?: TemplateCache;
}

/** Everything the rules need about one repo, read once. The only side effects are reads. */
export async function gatherFacts(
  options: GatherOptions,
): Promise<RepoFacts & { notes: string[]; source?: TemplateSource }> {
  const { root } = options;
  // git and the reads of tracked files run while the config and the template are looked up.
  const trackedRead = trackedFiles(root);
  const textsRead = trackedRead.then((files) => readTexts(root, files));
  textsRead.catch(() => undefined);
  const [state, waivers, config] = await Promise.all([
    readServiceState(root),
    readWaivers(root),
    options.config,
    trackedRead,
  ]);
  const notes: string[] = [];
  let template: TemplateFacts = { kind: 'none' };
  let source: TemplateSource | undefined;
  if (state) {
    const found = driftCatalogs({
      flags: options.catalogs ?? [],
      cwd: options.cwd ?? process.cwd(),
      root,
      config,
      recorded: state.template.catalog,
      ...(options.env && { env: options.env }),
    });
    notes.push(...found.notes);
    const looked = await lookupTemplate(
      found.catalogs,
      state.template,
      options.cache ?? new TemplateCache(),
    );
    template = looked.facts;
    source = looked.source;
  }
  // A check may only look inside the repo: a path with `..` or a leading `/` is never read.
  const checks =
    template.kind === 'found' ? template.manifest.checks.filter((c) => insideRepo(c.file)) : [];
  const checkFiles = checks.map((c) => c.file);
  const [tracked, managedResult, texts] = await Promise.all([
    trackedRead,
    state
      ? managedFacts(root, state, source, options)
      : Promise.resolve({ managed: [] as ManagedFileFact[], render: undefined }),
    textsRead.then((texts) => {
      const untracked = checkFiles.filter((file) => !texts.has(file));
      for (const [file, text] of readTexts(root, untracked)) texts.set(file, text);
      return texts;
    }),
  ]);
  const present = existing(root, checkFiles);
  return {
    root,
    state,
    tracked,
    texts,
    present,
    documents: await parseCheckedDocs(checks, texts),
    template,
    managed: managedResult.managed,
    waivers,
    today: (options.now ?? new Date()).toISOString().slice(0, 10),
    notes,
    ...(managedResult.render && { render: managedResult.render }),
    ...(source && { source }),
  };
}

async function trackedFiles(root: string): Promise<string[]> {
  const stat = await lstat(root).catch(() => null);
  if (!stat?.isDirectory())
    throw new UserError('INPUT', `${root} is not a folder`, 'Pass the path of a service repo.');
  try {
    return await listTrackedFiles(root);
  } catch (error) {
    if (/not a git repository/i.test(errorMessage(error)))
      throw new UserError(
        'PRECONDITION',
        `${root} is not a git repository`,
        'Run the command inside a service repo, or `git init` it first.',
      );
    throw error;
  }
}

// Compares against the hashes the state file recorded, and re-renders the recorded version
// only when something differs: a pristine repo never pays for Handlebars.
async function managedFacts(
  root: string,
  state: ServiceState,
  source: TemplateSource | undefined,
  options: GatherOptions,
): Promise<{ managed: ManagedFileFact[]; render?: RenderPlan }> {
  const recorded = Object.entries(state.files).filter(([, f]) => f.owner === 'managed');
  const actual = recorded.map(([file]) => hashFileSync(path.join(root, file)));
  const clean = recorded.every(([, f], i) => actual[i] === f.sha256);
  if (!source || (clean && options.render !== 'always'))
    return {
      managed: recorded.map(([file, f], i) => ({
        path: file,
        expectedSha256: f.sha256,
        actualSha256: actual[i] ?? null,
        restorable: false,
      })),
    };
  const cache = options.cache ?? new TemplateCache();
  // Loaded on demand: Handlebars is the largest module a clean check would otherwise compile.
  const { planRender } = await import('../render/plan-render.js');
  const render = planRender({
    manifest: source.manifest,
    catalog: state.template.catalog,
    files: await cache.templateFiles(source),
    answers: state.answers,
  });
  const rendered = render.files.filter((f) => f.owner === 'managed');
  const hashes = rendered.map((f) => hashFileSync(path.join(root, f.path)));
  return {
    managed: rendered.map((f, i) => ({
      path: f.path,
      expectedSha256: f.sha256,
      actualSha256: hashes[i] ?? null,
      restorable: true,
    })),
    render,
  };
}

// The reads below are synchronous: a service is dozens to hundreds of small files, mostly in
// the page cache, and a thread-pool round trip per open, stat, read and close costs more than
// the reads. They run after `git ls-files` answers, so nothing waits on them.

/** The sha256 of a work-tree file as the state file would record it; null when missing. */
function hashFileSync(full: string): string | null {
  const stat = lstatSync(full, { throwIfNoEntry: false });
  if (!stat) return null;
  if (stat.isSymbolicLink()) return sha256(readlinkSync(full));
  if (!stat.isFile()) return null;
  return sha256(readFileSync(full));
}

function insideRepo(file: string): boolean {
  return !path.isAbsolute(file) && !file.split(/[\\/]/).includes('..');
}

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

function readTexts(root: string, files: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of files) {
    const full = path.join(root, file);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MAX_SCAN_BYTES) continue;
    let content: Buffer;
    try {
      content = readFileSync(full);
    } catch {
      continue;
    }
    if (content.subarray(0, 8000).includes(0)) continue;
    texts.set(file, content.toString('utf8'));
  }
  return texts;
}

function existing(root: string, files: string[]): Set<string> {
  return new Set(
    files.filter((file) => lstatSync(path.join(root, file), { throwIfNoEntry: false })),
  );
}
