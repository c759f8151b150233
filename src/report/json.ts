import { failsAt, type RepoReport } from '../drift/check-repo.js';
import type { RuleDefinition } from '../drift/rules.js';
import type { CheckReport } from './check-report.js';

/** The JSON document for dashboards and scripts (`schemaVersion` is added by the printer). */
export function jsonDocument(report: CheckReport): Record<string, unknown> {
  // A sweep's shards are merged by `platform report`, which needs the rules to print SARIF
  // and JUnit again: so a sweep's document carries them, once each.
  const sweep = report.sweep;
  return {
    command: 'check',
    ...(sweep && { sweep }),
    failOn: report.failOn,
    ok: !report.repos.some((r) => failsAt(r.findings, report.failOn)),
    repos: report.repos.map((r) => ({
      ...repoDocument(r),
      ...(sweep && { rules: r.rules.map((rule) => rule.id) }),
    })),
    skipped: report.skipped,
    ...(report.summary && { summary: report.summary }),
    ...(sweep && { rules: ruleDefinitions(report.repos) }),
  };
}

/** One repo as JSON: no absolute paths, so documents compare across machines. */
export function repoDocument(repo: RepoReport): Record<string, unknown> {
  return {
    path: repo.name,
    template: repo.template,
    latestVersion: repo.latestVersion ?? null,
    status: repo.status,
    counts: repo.counts,
    findings: repo.findings,
    notes: repo.notes,
    rulesOff: repo.rulesOff,
  };
}

/** Every rule of the repos, once, sorted by id. */
export function ruleDefinitions(repos: RepoReport[]): RuleDefinition[] {
  const byId = new Map<string, RuleDefinition>();
  for (const repo of repos) for (const rule of repo.rules) byId.set(rule.id, rule);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The JSON format as text: exactly one document. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify({ schemaVersion: 1, ...jsonDocument(report) }, null, 2)}\n`;
}
