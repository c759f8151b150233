import type { Insights } from './compute-insights.js';

const BAR_WIDTH = 24;

/** A bar of `value` out of `max`, in eighths of a character so small counts still show. */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return (
    '█'.repeat(Math.floor(eighths / 8)) +
    (['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] ?? '')
  );
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** `1h 5m`, `3d 2h`, `45s`: durations the way a platform team reads them. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return 'n/a';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

function chart(rows: { label: string; value: number; note?: string }[], indent = '  '): string[] {
  if (rows.length === 0) return [`${indent}(none)`];
  const width = Math.max(...rows.map((r) => r.label.length));
  const max = Math.max(...rows.map((r) => r.value));
  return rows.map(
    (r) =>
      `${indent}${r.label.padEnd(width)}  ${bar(r.value, max).padEnd(BAR_WIDTH)} ${r.note ?? r.value}`,
  );
}

/** The terminal report, with small bar charts. */
export function formatInsightsText(i: Insights): string {
  const lines = [header(i), ''];
  lines.push(`Adoption: ${i.adoption.total} service${i.adoption.total === 1 ? '' : 's'} created`);
  lines.push(
    ...chart(
      i.adoption.byTemplate.map((t) => ({
        label: `${t.template}@${t.version}`,
        value: t.services,
      })),
    ),
  );
  lines.push('  per week');
  lines.push(
    ...chart(
      i.adoption.byWeek.map((w) => ({ label: w.week, value: w.services })),
      '    ',
    ),
  );
  lines.push('', 'Version spread');
  if (i.versions.length === 0) lines.push('  (none)');
  for (const v of i.versions) {
    lines.push(
      `  ${v.template}: ${v.onLatest} of ${v.projects} projects on the latest ${v.latest}`,
    );
    lines.push(
      ...chart(
        v.spread.map((s) => ({ label: s.version, value: s.projects })),
        '    ',
      ),
    );
  }
  const d = i.drift;
  lines.push(
    '',
    `Drift: ${d.drifting} of ${d.projectsChecked} checked projects drifting (${percent(d.rate)})`,
  );
  lines.push(...chart(d.topFailingRules.map((r) => ({ label: r.rule, value: r.projects }))));
  lines.push('', 'Top waived rules (where the road does not fit)');
  lines.push(...chart(i.topWaivedRules.map((r) => ({ label: r.rule, value: r.projects }))));
  const g = i.timeToFirstGreen;
  lines.push(
    '',
    `Time to first green: ${g.green} of ${g.created} created projects reached a clean check; median ${formatDuration(g.medianMs)}, p90 ${formatDuration(g.p90Ms)}`,
  );
  lines.push('', 'Rollout progress (projects per version, latest week)');
  if (i.rolloutProgress.length === 0) lines.push('  (none)');
  for (const r of i.rolloutProgress) {
    const last = r.weeks.at(-1);
    lines.push(`  ${r.template}, week of ${last?.week ?? 'n/a'}`);
    lines.push(
      ...chart(
        r.versions.map((v) => ({ label: v, value: last?.versions[v] ?? 0 })),
        '    ',
      ),
    );
  }
  lines.push('', 'Time to propagate (first seen → 50% / 90% of active projects)');
  if (i.timeToPropagate.length === 0) lines.push('  (none)');
  for (const p of i.timeToPropagate)
    lines.push(
      `  ${p.template}@${p.version}: ${formatDuration(p.halfMs)} / ${formatDuration(p.ninetyMs)} (${p.reached} of ${p.activeProjects} active projects)`,
    );
  lines.push('', 'Failure rate per command');
  lines.push(
    ...chart(
      i.failureRate.map((f) => ({
        label: f.command,
        value: f.failures,
        note: `${f.failures} of ${f.runs} runs (${percent(f.rate)})`,
      })),
    ),
  );
  return lines.join('\n');
}

function header(i: Insights): string {
  const skipped = i.skipped
    ? ` (${i.skipped} malformed line${i.skipped === 1 ? '' : 's'} skipped)`
    : '';
  const since = i.since ? ` since ${i.since.slice(0, 10)}` : '';
  const unlinked = i.withoutProjectId
    ? `; ${i.withoutProjectId} without a project id, left out of the per-project figures`
    : '';
  return `Usage insights from ${i.events} event${i.events === 1 ? '' : 's'}${since}${skipped}${unlinked}`;
}

function table(head: string[], rows: (string | number)[][]): string[] {
  if (rows.length === 0) return ['_None._'];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** The same report as Markdown, for a wiki page or a CI step summary. */
export function formatInsightsMarkdown(i: Insights): string {
  const g = i.timeToFirstGreen;
  const d = i.drift;
  return [
    '# Paved-road insights',
    '',
    header(i) + '.',
    '',
    `## Adoption: ${i.adoption.total} services created`,
    '',
    ...table(
      ['Template', 'Version', 'Services'],
      i.adoption.byTemplate.map((t) => [`\`${t.template}\``, t.version, t.services]),
    ),
    '',
    ...table(
      ['Week of', 'Services', 'Templates'],
      i.adoption.byWeek.map((w) => [
        w.week,
        w.services,
        Object.entries(w.templates)
          .map(([t, n]) => `${t}: ${n}`)
          .join(', '),
      ]),
    ),
    '',
    '## Version spread',
    '',
    ...table(
      ['Template', 'Latest', 'On latest', 'Spread'],
      i.versions.map((v) => [
        `\`${v.template}\``,
        v.latest,
        `${v.onLatest} of ${v.projects}`,
        v.spread.map((s) => `${s.version}: ${s.projects}`).join(', '),
      ]),
    ),
    '',
    `## Drift: ${d.drifting} of ${d.projectsChecked} checked projects (${percent(d.rate)})`,
    '',
    ...table(
      ['Failing rule', 'Projects'],
      d.topFailingRules.map((r) => [`\`${r.rule}\``, r.projects]),
    ),
    '',
    '## Top waived rules',
    '',
    ...table(
      ['Waived rule', 'Projects'],
      i.topWaivedRules.map((r) => [`\`${r.rule}\``, r.projects]),
    ),
    '',
    '## Time to first green',
    '',
    `${g.green} of ${g.created} created projects reached a clean check; median ${formatDuration(g.medianMs)}, p90 ${formatDuration(g.p90Ms)}.`,
    '',
    '## Rollout progress',
    '',
    ...table(
      ['Template', 'Week of', 'Projects per version'],
      i.rolloutProgress.flatMap((r) =>
        r.weeks.map((w) => [
          `\`${r.template}\``,
          w.week,
          Object.entries(w.versions)
            .map(([v, n]) => `${v}: ${n}`)
            .join(', '),
        ]),
      ),
    ),
    '',
    '## Time to propagate',
    '',
    ...table(
      ['Version', 'First seen', 'To 50%', 'To 90%', 'Active projects'],
      i.timeToPropagate.map((p) => [
        `\`${p.template}@${p.version}\``,
        p.firstSeen.slice(0, 10),
        formatDuration(p.halfMs),
        formatDuration(p.ninetyMs),
        `${p.reached} of ${p.activeProjects}`,
      ]),
    ),
    '',
    '## Failure rate per command',
    '',
    ...table(
      ['Command', 'Runs', 'Failures', 'Rate'],
      i.failureRate.map((f) => [`\`${f.command}\``, f.runs, f.failures, percent(f.rate)]),
    ),
    '',
  ].join('\n');
}
