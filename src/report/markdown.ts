import type { RepoReport } from '../drift/check-repo.js';
import type { Finding } from '../drift/finding.js';
import { describeCounts, rulesOffByFile, totalCounts, type CheckReport } from './check-report.js';

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

/** Markdown for PR comments and the GitHub step summary. */
export function formatMarkdown(report: CheckReport): string {
  const total = totalCounts(report.repos);
  const ok = total.error === 0 && total.warning === 0;
  const lines = [
    `## ${ok ? '✅' : total.error > 0 ? '❌' : '⚠️'} Paved road check: ${describeCounts(total)}`,
    '',
  ];
  const s = report.summary;
  if (s) {
    lines.push(
      '| Repos | On the road | Drifting | Outdated | Not adopted | Unknown template | Skipped |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${s.repos} | ${s.onRoad} | ${s.drifting} | ${s.outdated} | ${s.notAdopted} | ${s.unknownTemplate} | ${s.skipped} |`,
      '',
    );
    if (s.topFailingRules.length > 0)
      lines.push(
        `**Top failing rules:** ${s.topFailingRules.map((r) => `\`${r.ruleId}\` (${r.repos})`).join(', ')}`,
        '',
      );
    if (s.topWaivedRules.length > 0)
      lines.push(
        `**Top waived rules:** ${s.topWaivedRules.map((r) => `\`${r.ruleId}\` (${r.repos})`).join(', ')}`,
        '',
      );
  }
  for (const repo of report.repos) lines.push(...repoSection(repo, report.repos.length > 1));
  for (const skipped of report.skipped)
    lines.push(`- \`${cell(skipped.path)}\` skipped: ${cell(skipped.reason)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

function repoSection(repo: RepoReport, many: boolean): string[] {
  const lines: string[] = [];
  const template = repo.template
    ? `\`${repo.template.id}@${repo.template.version}\``
    : 'no template';
  const latest =
    repo.latestVersion && repo.template && repo.latestVersion !== repo.template.version
      ? ` (latest ${repo.latestVersion})`
      : '';
  if (many) lines.push(`### \`${cell(repo.name)}\`: ${repo.status}`, '');
  lines.push(`Template: ${template}${latest} · ${describeCounts(repo.counts)}`, '');
  for (const [file, rules] of rulesOffByFile(repo))
    lines.push(
      `Turned off by the repo's \`${cell(file)}\`: ${rules.map((r) => `\`${r}\``).join(', ')}`,
      '',
    );
  const open = repo.findings.filter((f) => !f.waived);
  if (open.length > 0) lines.push(...table(open), '');
  const waived = repo.findings.filter((f) => f.waived);
  if (waived.length > 0)
    lines.push(
      '<details><summary>Waived findings (' + waived.length + ')</summary>',
      '',
      ...waivedTable(waived),
      '',
      '</details>',
      '',
    );
  return lines;
}

function table(findings: Finding[]): string[] {
  return [
    '| Severity | Rule | File | Finding | Fix |',
    '| --- | --- | --- | --- | --- |',
    ...findings.map(
      (f) =>
        `| ${ICON[f.severity]} ${f.severity} | \`${f.ruleId}\` | ${f.file ? `\`${cell(f.file)}${f.line ? `:${f.line}` : ''}\`` : ''} | ${cell(f.message)} | ${cell(f.fix ?? '')} |`,
    ),
  ];
}

function waivedTable(findings: Finding[]): string[] {
  return [
    '| Rule | File | Reason | Owner | Expires |',
    '| --- | --- | --- | --- | --- |',
    ...findings.map(
      (f) =>
        `| \`${f.ruleId}\` | ${f.file ? `\`${cell(f.file)}\`` : ''} | ${cell(f.waiver?.reason ?? '')} | ${cell(f.waiver?.owner ?? '')} | ${f.waiver?.expires ?? ''} |`,
    ),
  ];
}

/** Keeps a table cell on one line and its pipes literal. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
