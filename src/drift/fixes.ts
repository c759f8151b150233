import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedFile } from '../render/plan-render.js';
import type { RepoFacts } from './facts.js';
import type { Finding } from './finding.js';

/** One safe repair `doctor --fix` makes. */
export interface FixAction {
  kind: 'restore' | 'add';
  path: string;
  ruleId: string;
  file: PlannedFile;
}

/**
 * The safe repairs for the findings: managed files restored, and missing managed or merged files
 * re-added from the render (the file is gone, so nothing local can be lost). A missing merged
 * file is named by `files.merged-missing` or by a template check that wants it to exist.
 */
export function planFixes(facts: RepoFacts, findings: Finding[]): FixAction[] {
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
    if (kind) actions.set(file.path, { kind, path: file.path, ruleId: finding.ruleId, file });
  }
  return [...actions.values()];
}

const MISSING_RULES = new Set(['files.managed-missing', 'files.merged-missing']);

/** Writes the planned repairs into the repo. */
export async function applyFixes(root: string, actions: FixAction[]): Promise<void> {
  for (const { file } of actions) {
    const out = path.join(root, file.path);
    await mkdir(path.dirname(out), { recursive: true });
    if (file.kind === 'symlink') {
      await rm(out, { force: true });
      await symlink(file.linkTarget!, out);
      continue;
    }
    await rm(out, { force: true, recursive: false }).catch(() => undefined);
    await writeFile(out, file.content);
    if (file.mode & 0o111) await chmod(out, file.mode);
  }
}
