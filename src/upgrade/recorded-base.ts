import { sha256, type RenderPlan } from '../render/plan-render.js';
import type { ServiceState } from '../state/service-state.js';
import type { FileMap } from './file-map.js';

/**
 * The base of the 3-way upgrade, corrected by the state file: a file whose bytes still hash to
 * what the state file recorded is exactly what the CLI rendered, even when the recorded
 * version renders differently today (a release edited in place, a rendering fix). Using those
 * bytes as the base keeps such a file from looking locally edited. Pure.
 */
export function alignBaseWithRecorded(
  base: RenderPlan,
  state: Pick<ServiceState, 'files'>,
  current: FileMap,
): RenderPlan {
  const files = base.files.map((file) => {
    const recorded = state.files[file.path]?.sha256;
    const disk = current.get(file.path);
    if (!recorded || recorded === file.sha256 || !disk || disk.kind !== file.kind) return file;
    if (file.kind !== 'file' || sha256(disk.content) !== recorded) return file;
    return { ...file, content: disk.content, sha256: recorded };
  });
  return { ...base, files };
}
