import path from 'node:path';
import type { FailOn, RepoReport } from '../drift/check-repo.js';
import type { FleetSummary, SkippedRepo } from '../drift/fleet.js';
import type { Finding } from '../drift/finding.js';
import type { SweepInfo } from '../fleet/shard.js';

/** What every formatter gets: the checked repos and, for several, the fleet summary. */
export interface CheckReport {
  repos: RepoReport[];
  skipped: SkippedRepo[];
  /** Present when several repos were checked. */
  summary?: FleetSummary;
  failOn: FailOn;
  /** The CLI's version, for SARIF's tool.driver. */
  cliVersion: string;
  /** For `--fleet`: which sweep and shard this is, so `platform report` can merge shards. */
  sweep?: SweepInfo;
}

/** Colours for human formats; identity by default, the CLI layer's colours (src/cli/colors.ts) on a TTY. */
export interface Paint {
  red: (text: string) => string;
  yellow: (text: string) => string;
  green: (text: string) => string;
  cyan: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

const same = (text: string) => text;
export const NO_PAINT: Paint = {
  red: same,
  yellow: same,
  green: same,
  cyan: same,
  dim: same,
  bold: same,
};

/** A finding's path relative to where the command ran: the repo's name, then the file. */
export function findingPath(repo: RepoReport, finding: Finding): string | undefined {
  if (!finding.file) return undefined;
  return repo.name === '.' ? finding.file : `${repo.name}/${finding.file}`;
}

/**
 * How a repo is titled: its path from where the command ran, or its folder's name when the
 * command ran in it or below it, never `.` or `..`.
 */
export function repoTitle(repo: RepoReport): string {
  return repo.name.split('/').every((part) => part === '.' || part === '..')
    ? path.basename(repo.root)
    : repo.name;
}

/** Every finding with its repo, the top ones (unwaived, most severe) first. */
export function allFindings(report: CheckReport): { repo: RepoReport; finding: Finding }[] {
  const rank = { error: 3, warning: 2, info: 1 } as const;
  return report.repos
    .flatMap((repo) => repo.findings.map((finding) => ({ repo, finding })))
    .sort(
      (a, b) =>
        Number(a.finding.waived ?? false) - Number(b.finding.waived ?? false) ||
        rank[b.finding.severity] - rank[a.finding.severity],
    );
}

/** "2 errors, 1 warning, 3 waived", or "no problems". */
export function describeCounts(counts: RepoReport['counts']): string {
  const parts = [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    plural(counts.info, 'note'),
    counts.waived > 0 ? `${counts.waived} waived` : '',
  ].filter((p) => p && !p.startsWith('0 '));
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Sums the counts of several repos. */
export function totalCounts(repos: RepoReport[]): RepoReport['counts'] {
  const total = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const repo of repos)
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += repo.counts[key];
  return total;
}

/** The rules a repo's own config turned off, grouped by the file that did it. */
export function rulesOffByFile(repo: RepoReport): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const { rule, file } of repo.rulesOff) byFile.set(file, [...(byFile.get(file) ?? []), rule]);
  return byFile;
}
