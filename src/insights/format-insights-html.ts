import type { Insights } from './compute-insights.js';
import { formatDuration } from './format-insights.js';

// One self-contained page: inline CSS and SVG, no script, no font, no URL of any kind, so it
// opens offline, in a mail attachment, and prints.

const esc = (text: string | number) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface Bar {
  label: string;
  value: number;
  text?: string;
}

const PALETTE = ['#2f6fdb', '#e0882b', '#2f9e6b', '#b54ac7', '#c9473d', '#6b7a8f', '#c4a82b'];

/** A horizontal bar chart as inline SVG; the empty chart says so. */
function barChart(name: string, bars: Bar[]): string {
  if (bars.length === 0)
    return `<svg class="chart" data-chart="${name}" role="img" aria-label="${name}: no data" viewBox="0 0 640 30" width="640" height="30"><text x="0" y="20">No data.</text></svg>`;
  const row = 24;
  const labelWidth = 220;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const height = bars.length * row + 4;
  const rects = bars.map((b, i) => {
    const width = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * 320));
    const y = i * row + 2;
    return `<text x="0" y="${y + 16}">${esc(b.label)}</text><rect x="${labelWidth}" y="${y + 3}" width="${width}" height="16" fill="${PALETTE[0]}"><title>${esc(b.label)}: ${esc(b.text ?? b.value)}</title></rect><text x="${labelWidth + width + 6}" y="${y + 16}">${esc(b.text ?? b.value)}</text>`;
  });
  return `<svg class="chart" data-chart="${name}" role="img" aria-label="${name}" viewBox="0 0 640 ${height}" width="640" height="${height}">${rects.join('')}</svg>`;
}

/** Stacked columns: one per week, one colour per series (versions), with a legend. */
function stackedColumns(
  name: string,
  columns: { label: string; parts: Record<string, number> }[],
  series: string[],
): string {
  if (columns.length === 0) return barChart(name, []);
  const width = 640;
  const height = 200;
  const colWidth = Math.max(8, Math.min(48, Math.floor((width - 40) / columns.length) - 4));
  const max = Math.max(...columns.map((c) => Object.values(c.parts).reduce((a, b) => a + b, 0)), 1);
  const shapes: string[] = [];
  columns.forEach((c, i) => {
    let top = height - 30;
    const x = 30 + i * (colWidth + 4);
    series.forEach((s, k) => {
      const h = Math.round(((c.parts[s] ?? 0) / max) * (height - 50));
      if (h <= 0) return;
      top -= h;
      shapes.push(
        `<rect x="${x}" y="${top}" width="${colWidth}" height="${h}" fill="${PALETTE[k % PALETTE.length]}"><title>${esc(c.label)} ${esc(s)}: ${c.parts[s]}</title></rect>`,
      );
    });
    if (columns.length <= 12 || i % Math.ceil(columns.length / 12) === 0)
      shapes.push(
        `<text x="${x}" y="${height - 12}" class="small">${esc(c.label.slice(5))}</text>`,
      );
  });
  const legend = series
    .map(
      (s, k) =>
        `<rect x="${30 + k * 110}" y="0" width="10" height="10" fill="${PALETTE[k % PALETTE.length]}"/><text x="${44 + k * 110}" y="10" class="small">${esc(s)}</text>`,
    )
    .join('');
  return `<svg class="chart" data-chart="${name}" role="img" aria-label="${name}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${legend}${shapes.join('')}</svg>`;
}

function section(id: string, title: string, body: string[]): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${body.join('\n')}</section>`;
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** The insights as one self-contained HTML page with inline SVG charts. */
export function formatInsightsHtml(i: Insights, generatedAt = new Date()): string {
  const g = i.timeToFirstGreen;
  const d = i.drift;
  const sections = [
    section('adoption', `Adoption: ${i.adoption.total} services created`, [
      barChart(
        'adoption-by-week',
        i.adoption.byWeek.map((w) => ({ label: `week of ${w.week}`, value: w.services })),
      ),
      barChart(
        'adoption-by-template',
        i.adoption.byTemplate.map((t) => ({
          label: `${t.template}@${t.version}`,
          value: t.services,
        })),
      ),
    ]),
    section('versions', 'Version spread and rollout progress', [
      ...i.versions.map(
        (v) =>
          `<h3>${esc(v.template)}: ${v.onLatest} of ${v.projects} on the latest ${esc(v.latest)}</h3>` +
          barChart(
            'version-spread',
            v.spread.map((s) => ({ label: s.version, value: s.projects })),
          ),
      ),
      ...i.rolloutProgress.map(
        (r) =>
          `<h3>${esc(r.template)}: projects per version, week by week</h3>` +
          stackedColumns(
            'rollout-progress',
            r.weeks.map((w) => ({ label: w.week, parts: w.versions })),
            r.versions,
          ),
      ),
      ...(i.versions.length === 0 ? [barChart('version-spread', [])] : []),
      ...(i.rolloutProgress.length === 0 ? [barChart('rollout-progress', [])] : []),
    ]),
    section(
      'drift',
      `Drift: ${d.drifting} of ${d.projectsChecked} checked projects (${percent(d.rate)})`,
      [
        barChart('drift-rate', [
          { label: 'drifting', value: d.drifting },
          { label: 'on the road', value: d.projectsChecked - d.drifting },
        ]),
        '<h3>Top failing rules</h3>',
        barChart(
          'top-failing-rules',
          d.topFailingRules.map((r) => ({ label: r.rule, value: r.projects })),
        ),
      ],
    ),
    section('waivers', 'Top waived rules (where the road does not fit)', [
      barChart(
        'top-waived-rules',
        i.topWaivedRules.map((r) => ({ label: r.rule, value: r.projects })),
      ),
    ]),
    section('first-green', 'Time to first green', [
      `<p>${g.green} of ${g.created} created projects reached a clean check.</p>`,
      barChart('time-to-first-green', [
        { label: 'median', value: g.medianMs ?? 0, text: formatDuration(g.medianMs) },
        { label: 'p90', value: g.p90Ms ?? 0, text: formatDuration(g.p90Ms) },
      ]),
    ]),
    section('propagate', 'Time to propagate a version (to 50 % and 90 % of active projects)', [
      barChart(
        'time-to-propagate',
        i.timeToPropagate.flatMap((p) => [
          {
            label: `${p.template}@${p.version} 50%`,
            value: p.halfMs ?? 0,
            text: formatDuration(p.halfMs),
          },
          {
            label: `${p.template}@${p.version} 90%`,
            value: p.ninetyMs ?? 0,
            text: formatDuration(p.ninetyMs),
          },
        ]),
      ),
    ]),
  ];
  const unlinked = i.withoutProjectId
    ? ` ${i.withoutProjectId} without a project id are left out of the per-project figures.`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paved-road insights</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:720px;color:#1d2330;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #d8dde6;padding-bottom:.2rem}h3{font-size:1rem}
section{margin-bottom:2rem;break-inside:avoid}svg.chart{display:block;max-width:100%;height:auto;font-size:12px}
svg text{fill:#1d2330}svg .small{font-size:10px}.meta{color:#5b6475}
@media print{body{margin:0;max-width:none}section{page-break-inside:avoid}a{color:inherit}}
</style></head>
<body><h1>Paved-road insights</h1>
<p class="meta">From ${i.events} events${i.since ? ` since ${esc(i.since.slice(0, 10))}` : ''}, generated ${esc(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC.${i.skipped ? ` ${i.skipped} malformed lines skipped.` : ''}${unlinked}</p>
${sections.join('\n')}
</body></html>
`;
}
