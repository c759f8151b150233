import type { Forge } from './forge.js';

/** How a rollout treats a repo whose upgrade leaves conflicts. */
export type OnConflict = 'skip' | 'push';

export interface RolloutOptions {
  /** Without it nothing is written: the report says what would happen. */
  apply: boolean;
  push: boolean;
  /** `--branch`; default `platform/upgrade-<id>-<version>`. */
  branch?: string;
  onConflict: OnConflict;
  forge?: Forge;
  to?: string;
  set: string[];
  catalogs: string[];
  cwd: string;
  cliVersion: string;
}

/** Where one repo stands after a rollout (or, in a dry run, where it would). */
export type RolloutStatus =
  | 'current'
  | 'upgradable'
  | 'would-conflict'
  | 'upgraded'
  | 'unchanged'
  | 'conflicts'
  | 'conflicts-skipped'
  | 'not-adopted'
  | 'failed';

export interface MergeRequestResult {
  forge: Forge;
  /** `push-options`, `gh`, `compare-url` (gh missing or signed out) or `none`. */
  via: 'push-options' | 'gh' | 'compare-url' | 'none';
  url?: string;
}

/** One repo of a fleet upgrade, as the report and the JSON document show it. */
export interface RolloutEntry {
  /** The repo's identity: its path below the fleet folder, or its clone URL. */
  repo: string;
  status: RolloutStatus;
  template?: string;
  from?: string;
  to?: string;
  branch?: string;
  commit?: string;
  pushed?: boolean;
  mergeRequest?: MergeRequestResult;
  conflicts?: string[];
  patches?: string[];
  /** Why a repo failed or was left alone. */
  reason?: string;
}

/** The rollout branch: `--branch`, or `platform/upgrade-<id>-<version>`. */
export function rolloutBranch(id: string, version: string, flag?: string): string {
  return flag ?? `platform/upgrade-${id}-${version}`;
}

/** The one commit's message: from and to, then the conflicts and saved patches, if any. */
export function rolloutCommitMessage(
  id: string,
  from: string,
  to: string,
  conflicts: string[],
  patches: string[],
): string {
  const lines = [`Upgrade ${id} ${from} → ${to}`, '', 'Applied by `platform upgrade --fleet`.'];
  if (conflicts.length > 0)
    lines.push('', 'Conflicts left (look for <<<<<<< markers):', ...conflicts.map((c) => `- ${c}`));
  if (patches.length > 0)
    lines.push(
      '',
      'Local changes to managed files, saved as patches:',
      ...patches.map((p) => `- ${p}`),
    );
  return `${lines.join('\n')}\n`;
}

/** Title, description and labels of the merge request; labels say when markers are inside. */
export function mergeRequestText(
  entry: { template: string; from: string; to: string; conflicts: string[]; patches: string[] },
  target: string,
) {
  const parts = [
    `Moves ${entry.template} from ${entry.from} to ${entry.to}, applied by platform upgrade --fleet.`,
  ];
  if (entry.conflicts.length > 0)
    parts.push(`Conflicts to resolve: ${entry.conflicts.join(', ')}.`);
  if (entry.patches.length > 0)
    parts.push(`Local changes to managed files were saved as: ${entry.patches.join(', ')}.`);
  return {
    target,
    title: `Upgrade ${entry.template} to ${entry.to}`,
    description: parts.join(' '),
    labels: ['platform:upgrade', ...(entry.conflicts.length > 0 ? ['platform:conflicts'] : [])],
  };
}

/** Counts per status, every status present, for the summary line and the JSON document. */
export function rolloutTotals(entries: readonly RolloutEntry[]): Record<RolloutStatus, number> {
  const totals: Record<RolloutStatus, number> = {
    current: 0,
    upgradable: 0,
    'would-conflict': 0,
    upgraded: 0,
    unchanged: 0,
    conflicts: 0,
    'conflicts-skipped': 0,
    'not-adopted': 0,
    failed: 0,
  };
  for (const entry of entries) totals[entry.status]++;
  return totals;
}
