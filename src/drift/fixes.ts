import { statusPorcelain } from '../adapters/git.js';
import { UserError } from '../errors.js';
import { assertRenderParses } from '../render/check-render-syntax.js';
import type { PlannedFile } from '../render/plan-render.js';
import { RepoFiles } from '../state/repo-files.js';
import { journalPath } from '../state/repo-journal.js';
import { RepoTransaction } from '../state/repo-transaction.js';
import { LOCAL_PATCH_GITIGNORE, localPatches, localPatchPath } from '../upgrade/local-patch.js';
import type { RepoFacts } from './facts.js';
import type { Finding } from './finding.js';

/** One safe repair `doctor --fix` makes. */
export interface FixAction {
  kind: 'restore' | 'add';
  path: string;
  ruleId: string;
  file: PlannedFile;
  /** Where the team's version of a restored file is saved as a patch first. */
  patch?: string;
}

/**
 * The safe repairs for the findings: managed files restored, and missing managed or merged files
 * re-added from the render (the file is gone, so nothing local can be lost). A missing merged
 * file is named by `files.merged-missing` or by a template check that wants it to exist.
 */
export async function planFixes(facts: RepoFacts, findings: Finding[]): Promise<FixAction[]> {
  if (!facts.render) return [];
  const byPath = new Map(facts.render.files.map((f) => [f.path, f]));
  const checked = new Set(
    facts.template.kind === 'found' ? facts.template.manifest.checks.map((c) => c.file) : [],
  );
  const gone = (file: string) => checked.has(file) && !facts.present.has(file);
  const actions = new Map<string, FixAction>();
  for (const finding of findings) {
    // A waived finding is a detour taken on purpose: --fix leaves it alone.
    if (finding.waived || !finding.file) continue;
    const file = byPath.get(finding.file);
    if (!file || actions.has(file.path)) continue;
    const kind =
      finding.ruleId === 'files.managed-modified'
        ? 'restore'
        : MISSING_RULES.has(finding.ruleId) || (gone(file.path) && file.owner !== 'seeded')
          ? 'add'
          : null;
    if (!kind) continue;
    actions.set(file.path, {
      kind,
      path: file.path,
      ruleId: finding.ruleId,
      file,
      // A restore replaces the team's bytes, committed or not: they are kept as a patch.
      ...(kind === 'restore' && { patch: localPatchPath(file.path) }),
    });
  }
  const planned = [...actions.values()];
  // A restored file must parse like any render; a recorded answer may no longer let it.
  if (facts.template.kind === 'found' && facts.templateFiles)
    await assertRenderParses(
      planned.map((a) => a.file),
      { manifest: facts.template.manifest, files: facts.templateFiles },
    );
  return planned;
}

const MISSING_RULES = new Set(['files.managed-missing', 'files.merged-missing']);

/**
 * Writes the planned repairs into the repo as one RepoTransaction, after saving each restored
 * file's local diff as a patch. Every precondition comes first: no write through a link, and
 * no file with uncommitted changes unless `allowDirty`.
 */
export async function applyFixes(
  root: string,
  actions: FixAction[],
  { allowDirty }: { allowDirty: boolean },
): Promise<void> {
  const repo = new RepoFiles(root);
  const patchPaths = actions.flatMap((a) => (a.patch ? [a.patch] : []));
  // The first saved patch brings the .gitignore that keeps every patch out of commits.
  const ignore = patchPaths.length > 0 && !repo.exists(LOCAL_PATCH_GITIGNORE.path);
  const touched = [
    ...(ignore ? [LOCAL_PATCH_GITIGNORE.path] : []),
    ...actions.map((a) => a.path),
    ...patchPaths,
  ];
  repo.assertWritable(touched, 'platform doctor --fix');
  // Re-adding a missing file loses nothing (its last bytes are in git): only files a fix
  // replaces, and the patches it writes, must be clean.
  if (!allowDirty)
    await refuseDirty(root, [
      ...actions.filter((a) => a.kind === 'restore').map((a) => a.path),
      ...patchPaths,
    ]);
  const patches = await localPatches(
    actions.flatMap((a) => {
      const after = a.patch ? repo.readBytes(a.path, 'platform doctor --fix')?.content : null;
      if (!after) return [];
      const before = a.file.kind === 'symlink' ? Buffer.from(a.file.linkTarget!) : a.file.content;
      return [{ file: a.path, before, after }];
    }),
  );
  const tx = RepoTransaction.begin(repo, await journalPath(root), 'doctor --fix', touched);
  try {
    if (ignore) await tx.write(LOCAL_PATCH_GITIGNORE.path, LOCAL_PATCH_GITIGNORE.entry);
    for (const action of actions) {
      const patch = patches.get(action.path);
      if (action.patch && patch)
        await tx.write(action.patch, { kind: 'file', content: Buffer.from(patch), mode: 0o644 });
      const { file } = action;
      await tx.write(
        file.path,
        file.kind === 'symlink'
          ? { kind: 'symlink', content: Buffer.from(file.linkTarget!), mode: 0o777 }
          : { kind: 'file', content: file.content, mode: file.mode },
      );
    }
  } catch (error) {
    tx.fail(error);
  }
  tx.finish();
}

async function refuseDirty(root: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const dirty = await statusPorcelain(root, paths);
  if (dirty.length === 0) return;
  throw new UserError(
    'PRECONDITION',
    `${dirty.length} file(s) that --fix would replace have uncommitted changes`,
    'Commit or stash them first (`git stash -u`); or pass --allow-dirty, and their local diff is saved as a patch.',
    dirty.slice(0, 20).map((line) => `${line.slice(3)} (${line.slice(0, 2).trim() || '?'})`),
  );
}
