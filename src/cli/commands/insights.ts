import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { computeInsights } from '../../insights/compute-insights.js';
import { formatInsightsMarkdown, formatInsightsText } from '../../insights/format-insights.js';
import { readEvents, type InsightEvent } from '../../insights/read-events.js';
import { createOutput } from '../output.js';

interface Flags {
  json?: boolean;
  format?: string;
  since?: string;
  output?: string;
}

/** `platform insights <files...>`: adoption, versions, drift, waivers and speed from events. */
export async function runInsights(files: string[], flags: Flags): Promise<void> {
  const format = flags.json ? 'json' : (flags.format ?? 'text');
  if (!['text', 'json', 'markdown', 'html'].includes(format))
    throw new UserError(
      'USAGE',
      `Unknown format "${format}"`,
      'Use --format text, json, markdown or html.',
    );
  const output = createOutput({ json: format === 'json' });
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const events: InsightEvent[] = [];
  let skipped = 0;
  for (const file of files) {
    const text = await readFile(path.resolve(file), 'utf8').catch(() => {
      throw new UserError('INPUT', `Cannot read ${file}`, 'Pass JSONL files of usage events.');
    });
    const read = readEvents(text);
    events.push(...read.events);
    skipped += read.skipped;
  }
  const insights = computeInsights(events, { ...(since && { since }), skipped });
  if (format === 'json') return output.document({ command: 'insights', insights });
  if (format === 'html') {
    const { formatInsightsHtml } = await import('../../insights/format-insights-html.js');
    const html = formatInsightsHtml(insights);
    if (flags.output === undefined) return void process.stdout.write(html);
    await writeFile(path.resolve(flags.output), html);
    return output.log(`Wrote the HTML report to ${flags.output}.`);
  }
  output.print(
    format === 'markdown' ? formatInsightsMarkdown(insights) : formatInsightsText(insights),
  );
  if (skipped > 0) output.warn(`${skipped} malformed line${skipped === 1 ? '' : 's'} skipped.`);
}

/** `2026-01-31`, an ISO time, or a relative `30d` / `12w`. */
export function parseSince(text: string, now = new Date()): Date {
  const relative = /^(\d+)([dw])$/.exec(text.trim());
  if (relative) {
    const days = Number(relative[1]) * (relative[2] === 'w' ? 7 : 1);
    return new Date(now.getTime() - days * 86_400_000);
  }
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime()))
    throw new UserError(
      'USAGE',
      `--since "${text}" is not a date`,
      'Use a date such as 2026-01-31, or 30d.',
    );
  return date;
}
