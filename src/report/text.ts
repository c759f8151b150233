import type { RepoReport } from '../drift/check-repo.js';
import type { Finding } from '../drift/finding.js';
import { CATEGORY_ORDER, type Category } from '../drift/rules.js';
import {
  describeCounts,
  NO_PAINT,
  plural,
  repoTitle,
  rulesOffByFile,
  type CheckReport,
  type Paint,
} from './check-report.js';

const CATEGORY_TITLE: Record<Category, string> = {
  template: 'Template and managed files',
  ci: 'CI',
  observability: 'Observability',
  secrets: 'Secrets',
  dependencies: 'Dependencies',
};

/** The doctor view of one repo: findings grouped by category, fix hints, a one-line verdict. */
export function formatRepoText(repo: RepoReport, paint: Paint = NO_PAINT): string {
  const lines = [heading(repo, paint), ''];
  const open = repo.findings.filter((f) => !f.waived);
  for (const category of CATEGORY_ORDER) {
    const found = open.filter((f) => f.category === category);
    const worst = found.some((f) => f.severity === 'error')
      ? paint.red('[✗]')
      : found.length > 0
        ? paint.yellow('[!]')
        : paint.green('[✓]');
    const counts = found.length > 0 ? paint.dim(` (${plural(found.length, 'finding')})`) : '';
    lines.push(`${worst} ${CATEGORY_TITLE[category]}${counts}`);
    for (const f of found) lines.push(...findingLines(f, paint));
  }
  const waived = repo.findings.filter((f) => f.waived);
  if (waived.length > 0) {
    lines.push(`${paint.dim('[~]')} Waived ${paint.dim(`(${waived.length})`)}`);
    for (const f of waived) {
      const w = f.waiver!;
      lines.push(
        `    ${paint.dim('~')} ${f.ruleId}${f.file ? ` ${f.file}` : ''} ${paint.dim(`— ${w.reason} (${w.owner}, until ${w.expires}${w.ticket ? `, ${w.ticket}` : ''})`)}`,
      );
    }
  }
  for (const note of repo.notes) lines.push(paint.dim(`  note: ${note}`));
  for (const [file, rules] of rulesOffByFile(repo))
    lines.push(paint.yellow(`  off: ${rules.join(', ')} (turned off by the repo's ${file})`));
  lines.push('', verdict(repo, paint));
  return lines.join('\n');
}

function heading(repo: RepoReport, paint: Paint): string {
  const name = repoTitle(repo);
  if (!repo.template) return `${paint.bold(name)} ${paint.dim('· not linked to a template')}`;
  const { id, version } = repo.template;
  const latest =
    repo.latestVersion && repo.latestVersion !== version
      ? paint.yellow(` (latest ${repo.latestVersion})`)
      : repo.latestVersion
        ? paint.dim(' (latest)')
        : '';
  return `${paint.bold(name)} ${paint.dim('·')} ${paint.cyan(`${id}@${version}`)}${latest}`;
}

function findingLines(f: Finding, paint: Paint): string[] {
  const mark =
    f.severity === 'error'
      ? paint.red('✗')
      : f.severity === 'warning'
        ? paint.yellow('!')
        : paint.dim('i');
  const where = f.file ? paint.bold(`${f.file}${f.line ? `:${f.line}` : ''}`) + ' ' : '';
  const lines = [`    ${mark} ${where}${f.message} ${paint.dim(`[${f.ruleId}]`)}`];
  if (f.fix) lines.push(`      ${paint.cyan('→')} ${f.fix}`);
  return lines;
}

function verdict(repo: RepoReport, paint: Paint): string {
  const { error, warning } = repo.counts;
  const fixable = repo.findings.filter((f) => !f.waived && f.fixable).length;
  const fixHint =
    fixable > 0
      ? ` ${plural(fixable, 'finding')} can be fixed with \`platform doctor --fix\`.`
      : '';
  if (error > 0)
    return `${paint.red('✗')} ${paint.bold(`Off the paved road: ${describeCounts(repo.counts)}.`)}${fixHint}`;
  if (warning > 0)
    return `${paint.yellow('!')} ${paint.bold(`On the paved road, with ${describeCounts(repo.counts)}.`)}${fixHint}`;
  return `${paint.green('✔')} ${paint.bold('On the paved road.')}${repo.counts.waived > 0 ? paint.dim(` (${repo.counts.waived} waived)`) : ''}`;
}

/** The text format: the doctor view for one repo; one line per repo plus a summary for many. */
export function formatText(report: CheckReport, paint: Paint = NO_PAINT): string {
  if (!report.summary && report.repos.length === 1) return formatRepoText(report.repos[0]!, paint);
  const lines: string[] = [];
  for (const repo of report.repos) {
    const mark =
      repo.counts.error > 0
        ? paint.red('✗')
        : repo.counts.warning > 0
          ? paint.yellow('!')
          : paint.green('✔');
    const template = repo.template ? `${repo.template.id}@${repo.template.version}` : '-';
    lines.push(
      `${mark} ${paint.bold(repo.name)}  ${repo.status}  ${paint.dim(template)}  ${describeCounts(repo.counts)}`,
    );
    for (const f of repo.findings.filter((x) => !x.waived))
      lines.push(
        `    ${f.severity.padEnd(7)} ${f.ruleId}${f.file ? `  ${f.file}${f.line ? `:${f.line}` : ''}` : ''}  ${paint.dim(f.message)}`,
      );
  }
  for (const s of report.skipped)
    lines.push(`${paint.dim('-')} ${paint.bold(s.path)}  ${paint.dim(`skipped: ${s.reason}`)}`);
  if (report.summary) lines.push('', ...formatFleetSummary(report.summary, paint));
  return lines.join('\n');
}

/** The fleet summary: statuses, version spread, top failing and waived rules. */
export function formatFleetSummary(
  summary: NonNullable<CheckReport['summary']>,
  paint: Paint = NO_PAINT,
): string[] {
  const lines = [
    paint.bold(`Fleet: ${plural(summary.repos, 'repo')}`) +
      ` · ${paint.green(`${summary.onRoad} on the road`)} · ${summary.drifting} drifting · ${summary.outdated} outdated · ${summary.notAdopted} not adopted` +
      (summary.unknownTemplate > 0 ? ` · ${summary.unknownTemplate} unknown template` : '') +
      (summary.skipped > 0 ? ` · ${summary.skipped} skipped` : ''),
  ];
  const versions = Object.entries(summary.versions).sort((a, b) => b[1] - a[1]);
  if (versions.length > 0)
    lines.push(
      `Versions: ${versions.map(([v, n]) => `${v} ×${n}${summary.outdatedVersions[v] ? paint.yellow(' (outdated)') : ''}`).join(', ')}`,
    );
  if (summary.topFailingRules.length > 0)
    lines.push(
      `Top failing rules: ${summary.topFailingRules.map((r) => `${r.ruleId} (${r.repos})`).join(', ')}`,
    );
  if (summary.topWaivedRules.length > 0)
    lines.push(
      `Top waived rules: ${summary.topWaivedRules.map((r) => `${r.ruleId} (${r.repos})`).join(', ')}`,
    );
  return lines;
}
