import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { listTrackedFiles, type TrackedFiles } from '../adapters/git.js';
import type { TemplateSource } from '../catalog/catalog.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { UserError, errorMessage } from '../errors.js';
import { turnTaker } from '../event-loop-turns.js';
import type { RenderPlan } from '../render/plan-render.js';
import { parseRecordedCli } from '../render/render-cli.js';
import type { TemplateFile } from '../render/template-files.js';
import { RepoFiles } from '../state/repo-files.js';
import { readServiceState, type ServiceState } from '../state/service-state.js';
import { readWaivers } from '../state/waivers.js';
import type { ManagedFileFact, RepoFacts, TemplateFacts } from './facts.js';
import { parseCheckedDocs } from './structured-docs.js';
import { prepareRegexes } from '../untrusted-regex.js';
import { unknownRuleNotes } from './rule-suggestions.js';
import { BUILTIN_RULE_IDS } from './rules.js';
import {
  driftCatalogs,
  lookupTemplate,
  TemplateCache,
  withUntrustedCatalog,
} from './template-lookup.js';

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
  const repo = new RepoFiles(root);
  // git and the reads of tracked files run while the config and the template are looked up.
  const trackedRead = trackedFiles(root);
  const textsRead = trackedRead.then((files) => readTexts(repo, files.paths));
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
    template = withUntrustedCatalog(looked.facts, found.untrusted);
    source = looked.source;
  }
  // A check may only look inside the repo: a path with `..` or a leading `/` is never read.
  const checks =
    template.kind === 'found' ? template.manifest.checks.filter((c) => insideRepo(c.file)) : [];
  const checkFiles = checks.map((c) => c.file);
  const [{ paths, undecodable }, managedResult, texts] = await Promise.all([
    trackedRead,
    state
      ? managedFacts(repo, state, source, options)
      : Promise.resolve({
          managed: [] as ManagedFileFact[],
          render: undefined,
          templateFiles: undefined,
        }),
    textsRead.then(async (texts) => {
      const untracked = checkFiles.filter((file) => !texts.has(file));
      for (const [file, text] of await readTexts(repo, untracked)) texts.set(file, text);
      return texts;
    }),
  ]);
  const present = new Set(checkFiles.filter((file) => repo.exists(file)));
  notes.push(...linkNotes(repo, [...paths, ...Object.keys(state?.files ?? {}), ...checkFiles]));
  notes.push(...undecodable.map((name) => `not read: ${name}: ${UNDECODABLE}`));
  // Rules that look at names alone (a committed .env) still see an undecodable one, escaped.
  const tracked = [...paths, ...undecodable];
  // A template's own rule ids are known only when the template is; otherwise say nothing.
  if (template.kind === 'found' || !state)
    notes.push(
      ...unknownRuleNotes(
        [
          ...waivers.map((w) => ({ id: w.rule, where: `The waiver on line ${w.line ?? '?'}` })),
          ...Object.keys(config.rules).map((id) => ({ id, where: "The config's rules" })),
        ],
        new Set([...BUILTIN_RULE_IDS, ...checks.map((c) => c.id)]),
      ),
    );
  // Loaded here, so the evaluation stays pure: RE2 only when a check is more than plain text.
  await prepareRegexes(checks.flatMap((c) => [c.contains, c.notContains]));
  return {
    root,
    state,
    tracked,
    texts,
    present,
    documents: await parseCheckedDocs(checks, texts),
    template,
    managed: managedResult.managed,
    mergedMissing: state ? missingMerged(repo, state) : [],
    waivers,
    today: (options.now ?? new Date()).toISOString().slice(0, 10),
    notes,
    ...(managedResult.render && { render: managedResult.render }),
    ...(managedResult.templateFiles && { templateFiles: managedResult.templateFiles }),
    ...(source && { source }),
  };
}

// A name git holds as bytes that are not UTF-8 cannot be opened by its decoded text: its content
// is not scanned, and the report says so rather than passing it over in silence.
const UNDECODABLE =
  'the file name is not valid UTF-8 (bad bytes shown as \\xNN), so its content was not checked; rename it (`git mv`) to a UTF-8 name';

async function trackedFiles(root: string): Promise<TrackedFiles> {
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
  repo: RepoFiles,
  state: ServiceState,
  source: TemplateSource | undefined,
  options: GatherOptions,
): Promise<{ managed: ManagedFileFact[]; render?: RenderPlan; templateFiles?: TemplateFile[] }> {
  const recorded = Object.entries(state.files).filter(([, f]) => f.owner === 'managed');
  const actual = recorded.map(([file]) => hashFile(repo, file));
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
  const templateFiles = await cache.templateFiles(source);
  const render = planRender({
    manifest: source.manifest,
    catalog: state.template.catalog,
    files: templateFiles,
    answers: state.answers,
    cli: parseRecordedCli(state.cli),
  });
  const rendered = render.files.filter((f) => f.owner === 'managed');
  const hashes = rendered.map((f) => hashFile(repo, f.path));
  return {
    managed: rendered.map((f, i) => ({
      path: f.path,
      expectedSha256: f.sha256,
      ...(state.files[f.path] && { recordedSha256: state.files[f.path]!.sha256 }),
      actualSha256: hashes[i] ?? null,
      restorable: true,
    })),
    render,
    templateFiles,
  };
}

// The reads below are synchronous: a service is dozens to hundreds of small files, mostly in
// the page cache, and a thread-pool round trip per open, stat, read and close costs more than
// the reads. They run after `git ls-files` answers, so nothing waits on them. They go through
// RepoFiles, so a committed link out of the repo is never followed.

/** The sha256 of a work-tree file as the state file would record it; null when missing. */
function hashFile(repo: RepoFiles, file: string): string | null {
  const entry = repo.read(file);
  if (!entry) return null;
  if (entry.kind === 'symlink') return sha256(entry.target);
  // Never equal to a recorded hash, so an oversized managed file shows as modified.
  if (entry.kind === 'too-large') return `too-large:${entry.size}`;
  return sha256(entry.content);
}

function missingMerged(repo: RepoFiles, state: ServiceState): string[] {
  return Object.entries(state.files)
    .filter(([file, f]) => f.owner === 'merged' && insideRepo(file))
    .filter(([file]) => !repo.exists(file))
    .map(([file]) => file);
}

function insideRepo(file: string): boolean {
  return !path.isAbsolute(file) && !file.split(/[\\/]/).includes('..');
}

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

// A huge repo must not keep Ctrl-C waiting: the loop hands the event loop a turn every 50 ms.
async function readTexts(repo: RepoFiles, files: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const takeTurn = turnTaker();
  for (const file of files) {
    await takeTurn();
    const entry = repo.read(file, MAX_SCAN_BYTES);
    if (entry?.kind !== 'file' || entry.content.subarray(0, 8000).includes(0)) continue;
    texts.set(file, entry.content.toString('utf8'));
  }
  return texts;
}

// A check reads nothing behind a link out of the repo: such a file counts as absent, and the
// report says why.
function linkNotes(repo: RepoFiles, files: string[]): string[] {
  const blocked = new Set<string>();
  for (const file of files) {
    const reason = repo.readBlock(file);
    if (reason) blocked.add(reason);
  }
  return [...blocked].map((reason) => `not read: ${reason}`);
}
