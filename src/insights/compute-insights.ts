import * as semver from '../catalog/semver.js';
import { versionAfter, weekOf } from './event-time.js';
import type { InsightEvent } from './read-events.js';
import {
  rolloutProgress,
  timeToPropagate,
  type Propagation,
  type RolloutProgress,
} from './rollout-insights.js';

/** What `platform insights` reports; every figure is computed from events alone. */
export interface Insights {
  events: number;
  skipped: number;
  since: string | null;
  adoption: {
    total: number;
    byTemplate: { template: string; version: string; services: number }[];
    /** Per week (starting Monday, UTC): services created, and per `template@version`. */
    byWeek: { week: string; services: number; templates: Record<string, number> }[];
  };
  versions: {
    template: string;
    latest: string;
    projects: number;
    onLatest: number;
    spread: { version: string; projects: number }[];
  }[];
  drift: {
    projectsChecked: number;
    drifting: number;
    rate: number;
    topFailingRules: { rule: string; projects: number }[];
  };
  topWaivedRules: { rule: string; projects: number }[];
  timeToFirstGreen: {
    created: number;
    green: number;
    medianMs: number | null;
    p90Ms: number | null;
  };
  failureRate: { command: string; runs: number; failures: number; rate: number }[];
  rolloutProgress: RolloutProgress[];
  timeToPropagate: Propagation[];
  /** Events with no project id: counted here, left out of the per-project figures. */
  withoutProjectId: number;
}

const TOP = 10;
const isCheck = (e: InsightEvent) => e.event === 'check';
const findingTotal = (e: InsightEvent) =>
  Object.values(e.props.findings ?? {}).reduce((sum, n) => sum + n, 0);

/** Computes every figure from events; pure, so each one is tested against known answers. */
export function computeInsights(
  all: InsightEvent[],
  { since, skipped = 0 }: { since?: Date; skipped?: number } = {},
): Insights {
  const events = all
    .filter((e) => !since || Date.parse(e.time) >= since.getTime())
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return {
    events: events.length,
    skipped,
    since: since?.toISOString() ?? null,
    adoption: adoption(events),
    versions: versionSpread(events),
    ...driftAndWaivers(events),
    timeToFirstGreen: timeToFirstGreen(events),
    failureRate: failureRate(events),
    rolloutProgress: rolloutProgress(events),
    timeToPropagate: timeToPropagate(events),
    withoutProjectId: events.filter((e) => !e.projectId).length,
  };
}

function adoption(events: InsightEvent[]): Insights['adoption'] {
  const creates = events.filter((e) => e.event === 'create' && e.props.template);
  const label = (e: InsightEvent) => `${e.props.template}@${e.props.templateVersion ?? '?'}`;
  const byTemplate = countBy(creates, label);
  const byWeek = countBy(creates, (e) => weekOf(e.time));
  return {
    total: creates.length,
    byTemplate: [...byTemplate]
      .map(([key, services]) => {
        const at = key.lastIndexOf('@');
        return { template: key.slice(0, at), version: key.slice(at + 1), services };
      })
      .sort((a, b) => b.services - a.services || a.template.localeCompare(b.template)),
    byWeek: [...byWeek]
      .map(([week, services]) => ({
        week,
        services,
        templates: Object.fromEntries(
          countBy(
            creates.filter((e) => weekOf(e.time) === week),
            label,
          ),
        ),
      }))
      .sort((a, b) => a.week.localeCompare(b.week)),
  };
}

function versionSpread(events: InsightEvent[]): Insights['versions'] {
  const current = new Map<string, { template: string; version: string }>();
  const latest = new Map<string, string>();
  for (const e of events) {
    const version = versionAfter(e);
    const template = e.props.template;
    if (!template || !version || !semver.valid(version)) continue;
    const known = latest.get(template);
    if (!known || semver.gt(version, known)) latest.set(template, version);
    if (e.projectId) current.set(e.projectId, { template, version });
  }
  return [...latest].map(([template, newest]) => {
    const projects = [...current.values()].filter((p) => p.template === template);
    const spread = countBy(projects, (p) => p.version);
    return {
      template,
      latest: newest,
      projects: projects.length,
      onLatest: spread.get(newest) ?? 0,
      spread: [...spread]
        .map(([version, n]) => ({ version, projects: n }))
        .sort((a, b) => semver.rcompare(a.version, b.version)),
    };
  });
}

function driftAndWaivers(events: InsightEvent[]) {
  const lastCheck = new Map<string, InsightEvent>();
  for (const e of events) if (isCheck(e) && e.projectId) lastCheck.set(e.projectId, e);
  const checks = [...lastCheck.values()];
  const drifting = checks.filter((e) => findingTotal(e) > 0).length;
  const failing = countBy(
    checks.flatMap((e) => Object.entries(e.props.findings ?? {}).filter(([, n]) => n > 0)),
    ([rule]) => rule,
  );
  const waived = countBy(
    checks.flatMap((e) => [...new Set(e.props.waived ?? [])]),
    (rule) => rule,
  );
  return {
    drift: {
      projectsChecked: checks.length,
      drifting,
      rate: checks.length ? drifting / checks.length : 0,
      topFailingRules: ranked(failing),
    },
    topWaivedRules: ranked(waived),
  };
}

function timeToFirstGreen(events: InsightEvent[]): Insights['timeToFirstGreen'] {
  const created = new Map<string, number>();
  const green = new Map<string, number>();
  for (const e of events) {
    if (!e.projectId) continue;
    const at = Date.parse(e.time);
    if (e.event === 'create' && e.props.outcome === 'success' && !created.has(e.projectId))
      created.set(e.projectId, at);
    const since = created.get(e.projectId);
    const clean = isCheck(e) && e.props.outcome === 'success' && findingTotal(e) === 0;
    if (since !== undefined && clean && !green.has(e.projectId)) green.set(e.projectId, at - since);
  }
  const durations = [...green.values()].sort((a, b) => a - b);
  return {
    created: created.size,
    green: durations.length,
    medianMs: percentile(durations, 0.5),
    p90Ms: percentile(durations, 0.9),
  };
}

/** Nearest-rank percentile of sorted values; null when there are none. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function failureRate(events: InsightEvent[]): Insights['failureRate'] {
  const runs = countBy(events, (e) => e.props.command);
  const failures = countBy(
    events.filter((e) => e.event === 'error'),
    (e) => e.props.command,
  );
  return [...runs]
    .map(([command, n]) => {
      const failed = failures.get(command) ?? 0;
      return { command, runs: n, failures: failed, rate: failed / n };
    })
    .sort((a, b) => b.rate - a.rate || a.command.localeCompare(b.command));
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function ranked(counts: Map<string, number>): { rule: string; projects: number }[] {
  return [...counts]
    .map(([rule, projects]) => ({ rule, projects }))
    .sort((a, b) => b.projects - a.projects || a.rule.localeCompare(b.rule))
    .slice(0, TOP);
}
