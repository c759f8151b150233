import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertRenderParses } from '../render/check-render-syntax.js';
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

/** The safe repairs for the findings: managed files restored or re-added from the render. */
export function planFixes(facts: RepoFacts, findings: Finding[]): FixAction[] {
  if (!facts.render) return [];
  const byPath = new Map(facts.render.files.map((f) => [f.path, f]));
  const actions: FixAction[] = [];
  for (const finding of findings) {
    // A waived finding is a detour taken on purpose: --fix leaves it alone.
    if (finding.waived || !finding.file) continue;
    const kind =
      finding.ruleId === 'files.managed-modified'
        ? 'restore'
        : finding.ruleId === 'files.managed-missing'
          ? 'add'
          : null;
    const file = byPath.get(finding.file);
    if (kind && file) actions.push({ kind, path: file.path, ruleId: finding.ruleId, file });
  }
  // A restored file must parse like any render; a recorded answer may no longer let it.
  if (facts.template.kind === 'found' && facts.templateFiles)
    assertRenderParses(
      actions.map((a) => a.file),
      { manifest: facts.template.manifest, files: facts.templateFiles },
    );
  return actions;
}

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
