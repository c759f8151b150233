import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mergeFile } from '../adapters/git.js';
import { localPatch, writeSide } from './local-patch.js';
import type { FileDecision, UpgradePlan } from './plan-upgrade.js';

/**
 * Runs the plan's 3-way merges through `git merge-file` and diffs the local edits of managed
 * files, in a scratch folder; the service is not touched, so `--dry-run` can show conflicts.
 */
export async function resolveMerges(plan: UpgradePlan): Promise<UpgradePlan> {
  const work = plan.files.filter((f) => f.merge || f.localChange);
  if (work.length === 0) return plan;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'platform-upgrade-'));
  try {
    const labels = {
      ours: 'local',
      base: `${plan.from.id}@${plan.from.version}`,
      theirs: `${plan.to.id}@${plan.to.version}`,
    };
    const done = new Map<string, FileDecision>();
    let n = 0;
    for (const file of work) {
      const dir = path.join(scratch, String(n++));
      await mkdir(dir);
      done.set(file.path, await resolveOne(file, dir, labels));
    }
    return { ...plan, files: plan.files.map((f) => done.get(f.path) ?? f) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function resolveOne(
  file: FileDecision,
  dir: string,
  labels: { ours: string; base: string; theirs: string },
): Promise<FileDecision> {
  if (file.localChange) {
    const { before, after } = file.localChange;
    return { ...file, patch: await localPatch(dir, file.path, before, after) };
  }
  const merge = file.merge!;
  const sides = { ours: 'ours', base: 'base', theirs: 'theirs' };
  await Promise.all(
    Object.entries(sides).map(([side, name]) =>
      writeSide(dir, name, merge[side as keyof typeof merge]),
    ),
  );
  const merged = await mergeFile(
    {
      ours: path.join(dir, sides.ours),
      base: path.join(dir, sides.base),
      theirs: path.join(dir, sides.theirs),
    },
    labels,
  );
  const mode = file.disk?.mode ?? 0o644;
  const result = { kind: 'file' as const, content: merged.content, mode };
  if (merged.conflicts === 0)
    return { ...file, result, conflicts: 0, reason: 'changed on both sides: merged cleanly' };
  return {
    ...file,
    action: 'conflict',
    result,
    conflicts: merged.conflicts,
    reason: `changed on both sides: ${merged.conflicts} conflict${merged.conflicts === 1 ? '' : 's'} marked in the file`,
  };
}
