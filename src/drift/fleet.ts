import path from 'node:path';
import * as semver from '../catalog/semver.js';
import { UserError, errorWithDetails } from '../errors.js';
import { defaultConcurrency, forEachLimit } from '../fleet/pool.js';
import { checkRepo, type CheckRepoOptions, type RepoReport } from './check-repo.js';
import { assertKnownRules } from './evaluate.js';
import { BUILTIN_RULES } from './rules.js';
import { TemplateCache } from './template-lookup.js';

/** A path that was given or found but could not be checked. */
export interface SkippedRepo {
  path: string;
  reason: string;
}

/** The platform team's view of many repos. */
export interface FleetSummary {
  repos: number;
  onRoad: number;
  drifting: number;
  outdated: number;
  notAdopted: number;
  unknownTemplate: number;
  skipped: number;
  /** `id@version` to the number of repos on it. */
  versions: Record<string, number>;
  /** `id@version` to the number of repos on it that are behind the latest. */
  outdatedVersions: Record<string, number>;
  topFailingRules: { ruleId: string; repos: number }[];
  topWaivedRules: { ruleId: string; repos: number }[];
}

export interface FleetResult {
  repos: RepoReport[];
  skipped: SkippedRepo[];
  summary: FleetSummary;
}

export interface CheckFleetOptions extends Omit<CheckRepoOptions, 'root' | 'cache'> {
  paths: string[];
  /** At most this many repos are checked at once. */
  concurrency?: number;
}

/** Checks many repos with bounded parallelism; a repo that cannot be checked is skipped, not fatal. */
export async function checkFleet(options: CheckFleetOptions): Promise<FleetResult> {
  const cwd = options.cwd ?? process.cwd();
  const cache = new TemplateCache();
  const results: (RepoReport | SkippedRepo)[] = new Array<RepoReport | SkippedRepo>(
    options.paths.length,
  );
  const limit = options.concurrency ?? defaultConcurrency();
  await forEachLimit(options.paths, limit, async (repo, i) => {
    try {
      const selection = { ...options.selection, allowUnknown: true };
      results[i] = (await checkRepo({ ...options, selection, root: repo, cwd, cache })).report;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const display = path.relative(cwd, path.resolve(cwd, repo)) || '.';
      results[i] = { path: display, reason: errorWithDetails(error) };
    }
  });
  const repos = results.filter((r): r is RepoReport => 'findings' in r);
  const skipped = results.filter((r): r is SkippedRepo => !('findings' in r));
  // A rule id no repo knows is a typo, as it is for one repo.
  if (options.selection) {
    const known = new Set([
      ...BUILTIN_RULES.map((r) => r.id),
      ...repos.flatMap((r) => r.applicableRuleIds),
    ]);
    assertKnownRules(options.selection, [...known]);
  }
  return { repos, skipped, summary: summarizeFleet(repos, skipped.length) };
}

/** Counts for dashboards: statuses, version spread, top failing and waived rules. */
export function summarizeFleet(repos: RepoReport[], skipped = 0): FleetSummary {
  const count = (status: RepoReport['status']) => repos.filter((r) => r.status === status).length;
  const versions: Record<string, number> = {};
  const outdatedVersions: Record<string, number> = {};
  const failing = new Map<string, number>();
  const waived = new Map<string, number>();
  for (const repo of repos) {
    if (repo.template) {
      const key = `${repo.template.id}@${repo.template.version}`;
      versions[key] = (versions[key] ?? 0) + 1;
      if (repo.latestVersion && isBehind(repo.template.version, repo.latestVersion))
        outdatedVersions[key] = (outdatedVersions[key] ?? 0) + 1;
    }
    for (const id of new Set(
      repo.findings.filter((f) => !f.waived && f.severity !== 'info').map((f) => f.ruleId),
    ))
      failing.set(id, (failing.get(id) ?? 0) + 1);
    for (const id of new Set(repo.findings.filter((f) => f.waived).map((f) => f.ruleId)))
      waived.set(id, (waived.get(id) ?? 0) + 1);
  }
  return {
    repos: repos.length,
    onRoad: count('on-road'),
    drifting: count('drifting'),
    outdated: Object.values(outdatedVersions).reduce((a, b) => a + b, 0),
    notAdopted: count('not-adopted'),
    unknownTemplate: count('unknown-template'),
    skipped,
    versions,
    outdatedVersions,
    topFailingRules: top(failing),
    topWaivedRules: top(waived),
  };
}

function isBehind(version: string, latest: string): boolean {
  return (
    semver.valid(version) !== null && semver.valid(latest) !== null && semver.lt(version, latest)
  );
}

function top(counts: Map<string, number>, n = 10): { ruleId: string; repos: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([ruleId, repos]) => ({ ruleId, repos }));
}
