import { failsAt, type RepoReport } from '../drift/check-repo.js';
import type { CheckReport } from './check-report.js';

/** The JSON document for dashboards and scripts (`schemaVersion` is added by the printer). */
export function jsonDocument(report: CheckReport): Record<string, unknown> {
  return {
    command: 'check',
    failOn: report.failOn,
    ok: !report.repos.some((r) => failsAt(r.findings, report.failOn)),
    repos: report.repos.map(repoDocument),
    skipped: report.skipped,
    ...(report.summary && { summary: report.summary }),
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
  };
}

/** The JSON format as text: exactly one document. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify({ schemaVersion: 1, ...jsonDocument(report) }, null, 2)}\n`;
}
