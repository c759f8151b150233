import { createHash } from 'node:crypto';
import type { Category, Severity } from '../drift/rules.js';
import { allFindings, findingPath, type CheckReport } from './check-report.js';

const SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'info' };

/**
 * Our categories on Code Quality's (docs/decisions.md): a leaked secret is a security issue; a
 * missing lockfile, CI step or telemetry bootstrap is a risk of bugs going out unseen; template
 * drift is a departure from the house style.
 */
export const GITLAB_CATEGORY: Record<Category, string> = {
  secrets: 'Security',
  dependencies: 'Bug Risk',
  ci: 'Bug Risk',
  observability: 'Bug Risk',
  template: 'Style',
};

/** GitLab Code Quality JSON. It has no notion of suppression, so waived findings are left out. */
export function gitlabIssues(report: CheckReport): Record<string, unknown>[] {
  return allFindings(report)
    .filter(({ finding }) => !finding.waived)
    .map(({ repo, finding }) => {
      const path = findingPath(repo, finding) ?? '.platform/service.json';
      return {
        type: 'issue',
        check_name: finding.ruleId,
        description: finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message,
        categories: [GITLAB_CATEGORY[finding.category]],
        severity: SEVERITY[finding.severity],
        fingerprint: createHash('sha256')
          .update(`${finding.ruleId}\0${path}\0${finding.message}`)
          .digest('hex'),
        location: { path, lines: { begin: finding.line ?? 1 } },
      };
    });
}

export function formatGitlab(report: CheckReport): string {
  return `${JSON.stringify(gitlabIssues(report), null, 2)}\n`;
}
