import type { InsightEvent } from './read-events.js';

/** The Monday (UTC) of an event's week, as YYYY-MM-DD. */
export function weekOf(time: string): string {
  const date = new Date(time);
  date.setUTCHours(0, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The template version a project is on after an event, if the event tells. */
export function versionAfter(e: InsightEvent): string | undefined {
  if (e.event === 'upgrade') return e.props.outcome === 'success' ? e.props.toVersion : undefined;
  if (e.event === 'error') return undefined;
  return e.props.templateVersion;
}
