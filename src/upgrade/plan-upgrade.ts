import type { Owner } from '../catalog/manifest.js';
import type { Answers, RenderPlan, TemplateRecord } from '../render/plan-render.js';
import { fileMapOf, isBinary, sameFile, type FileMap, type FileVersion } from './file-map.js';
import { migrateFiles, type MigrationNote, type VersionedMigration } from './migrate-files.js';

/** What the upgrade does to one file. */
export type UpgradeAction = 'add' | 'replace' | 'merge' | 'keep' | 'remove' | 'conflict';

export interface FileDecision {
  path: string;
  action: UpgradeAction;
  owner: Owner;
  /** Why, in a few words a product engineer understands. */
  reason: string;
  /** What is on disk before the upgrade; null when absent. */
  disk: FileVersion | null;
  /** What the upgrade leaves; null when absent; undefined for a merge not yet run. */
  result: FileVersion | null | undefined;
  /** The three sides of a text merge: the old render, the service's file, the new render. */
  merge?: { base: Buffer; ours: Buffer; theirs: Buffer };
  /** A managed file the team edited: the local change, saved as a patch before it is replaced. */
  localChange?: { before: Buffer; after: Buffer };
  /** Set once merged: how many conflict regions git left. */
  conflicts?: number;
  /** Set once diffed: the local change to a managed file as a patch `git apply` takes. */
  patch?: string;
}

/** Everything an upgrade will do, decided before anything is written. */
export interface UpgradePlan {
  from: TemplateRecord;
  to: TemplateRecord;
  answers: Answers;
  files: FileDecision[];
  migrations: MigrationNote[];
  /** The new render, from which the state file is written. */
  target: RenderPlan;
}

export interface UpgradeInput {
  /** The recorded version rendered with the recorded answers. */
  base: RenderPlan;
  /** The new version rendered with the (possibly extended) answers. */
  target: RenderPlan;
  /** The service's files on disk, for every path the two renders and the migrations name. */
  current: FileMap;
  migrations?: VersionedMigration[];
}

/** Decides per file: add, replace, merge, keep, remove or conflict. Pure: no disk, no git. */
export function planUpgrade({ base, target, current, migrations = [] }: UpgradeInput): UpgradePlan {
  const migrated = migrateFiles(fileMapOf(base), current, migrations);
  const targetFiles = fileMapOf(target);
  const owners = new Map<string, Owner>([
    ...base.files.map((f) => [f.path, f.owner] as const),
    ...target.files.map((f) => [f.path, f.owner] as const),
  ]);
  const paths = new Set([
    ...migrated.base.keys(),
    ...targetFiles.keys(),
    ...migrated.current.keys(),
    ...current.keys(),
  ]);
  const files: FileDecision[] = [];
  for (const path of [...paths].sort()) {
    const sides: Sides = {
      base: migrated.base.get(path) ?? null,
      ours: migrated.current.get(path) ?? null,
      theirs: targetFiles.get(path) ?? null,
      owner: owners.get(path) ?? 'merged',
    };
    const decision = decide(sides);
    const disk = current.get(path) ?? null;
    const movedAway = migrated.movedAway.get(path);
    if (decision.result === null && disk && movedAway)
      files.push({
        path,
        owner: sides.owner,
        disk,
        action: 'remove',
        reason: movedAway,
        result: null,
      });
    else files.push({ path, owner: sides.owner, disk, ...decision });
  }
  return {
    from: base.template,
    to: target.template,
    answers: target.answers,
    files,
    migrations: migrated.notes,
    target,
  };
}

interface Sides {
  base: FileVersion | null;
  ours: FileVersion | null;
  theirs: FileVersion | null;
  owner: Owner;
}

type Decision = Pick<FileDecision, 'action' | 'reason' | 'result' | 'merge' | 'localChange'>;

const keep = (result: FileVersion | null, reason: string): Decision => ({
  action: 'keep',
  reason,
  result,
});

function decide(sides: Sides): Decision {
  const { base, ours, theirs, owner } = sides;
  if (!theirs && !base) return keep(ours, 'not part of the template');
  if (!theirs) return decideDropped(sides);
  if (!base) return decideAdded({ ...sides, theirs });
  if (!ours) return keep(null, 'deleted locally: stays deleted');
  if (owner === 'seeded') return keep(ours, 'seeded: the team owns it');
  if (sameFile(ours, theirs)) return keep(ours, 'already up to date');
  if (sameFile(base, theirs)) return keep(ours, 'the template did not change it');
  if (sameFile(ours, base))
    return { action: 'replace', reason: 'the template changed it; no local edits', result: theirs };
  if (owner === 'managed')
    return {
      action: 'replace',
      reason: 'replaced; the local edit is saved as a patch',
      result: theirs,
      localChange: { before: base.content, after: ours.content },
    };
  return mergeOrConflict(base, ours, theirs);
}

function decideDropped({ base, ours, owner }: Sides): Decision {
  if (!ours) return keep(null, 'dropped by the template; already gone');
  if (owner === 'seeded')
    return keep(ours, 'dropped by the template; seeded, so the team keeps it');
  if (sameFile(ours, base))
    return { action: 'remove', reason: 'dropped by the template; unchanged locally', result: null };
  return keep(ours, 'dropped by the template but edited locally: kept');
}

function decideAdded({ ours, theirs, owner }: Sides & { theirs: FileVersion }): Decision {
  if (!ours) return { action: 'add', reason: 'new in the template', result: theirs };
  if (sameFile(ours, theirs)) return keep(ours, 'new in the template; already identical');
  if (owner === 'seeded') return keep(ours, 'new in the template; a local file exists: kept');
  if (owner === 'managed')
    return {
      action: 'replace',
      reason: 'new managed file; the local file is saved as a patch',
      result: theirs,
      localChange: { before: theirs.content, after: ours.content },
    };
  const empty: FileVersion = { kind: 'file', content: Buffer.alloc(0), mode: theirs.mode };
  return mergeOrConflict(empty, ours, theirs);
}

function mergeOrConflict(base: FileVersion, ours: FileVersion, theirs: FileVersion): Decision {
  const textual = [base, ours, theirs].every((f) => f.kind === 'file' && !isBinary(f.content));
  if (!textual)
    return {
      action: 'conflict',
      reason: 'binary: changed on both sides; the local version is kept',
      result: ours,
    };
  return {
    action: 'merge',
    reason: 'changed on both sides: merged 3-way',
    result: undefined,
    merge: { base: base.content, ours: ours.content, theirs: theirs.content },
  };
}

/** Counts of decisions, for summaries. */
export function countActions(plan: UpgradePlan): Record<UpgradeAction, number> {
  const counts = { add: 0, replace: 0, merge: 0, keep: 0, remove: 0, conflict: 0 };
  for (const file of plan.files) counts[file.action]++;
  return counts;
}

/** True when the decision writes or deletes something. */
export function changesDisk(file: FileDecision): boolean {
  return file.result !== undefined && !sameFile(file.result, file.disk);
}
