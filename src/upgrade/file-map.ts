import type { RenderPlan } from '../render/plan-render.js';

/** One file's bytes as a render produced it or as it sits on disk. */
export interface FileVersion {
  kind: 'file' | 'symlink';
  /** For a symlink, its target. */
  content: Buffer;
  mode: number;
}

/** Files by path relative to the service root. */
export type FileMap = Map<string, FileVersion>;

/** The files of a render plan as a FileMap. */
export function fileMapOf(plan: RenderPlan): FileMap {
  return new Map(
    plan.files.map((f) => [
      f.path,
      { kind: f.kind, content: f.linkTarget ? Buffer.from(f.linkTarget) : f.content, mode: f.mode },
    ]),
  );
}

/** Same kind and same bytes; both absent counts as the same. */
export function sameFile(a: FileVersion | null | undefined, b: FileVersion | null | undefined) {
  if (!a || !b) return !a && !b;
  return a.kind === b.kind && a.content.equals(b.content);
}

/** Git's heuristic: a NUL byte in the first 8000 bytes makes a file binary. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
