import * as semver from '../catalog/semver.js';
import type { InsightEvent } from './read-events.js';
import { versionAfter, weekOf } from './event-time.js';

/** Per template, per week: how many projects ran each version at the end of that week. */
export interface RolloutProgress {
  template: string;
  versions: string[];
  weeks: { week: string; versions: Record<string, number> }[];
}

/** From a version's first appearance to half and 90 % of the template's active projects on it. */
export interface Propagation {
  template: string;
  version: string;
  firstSeen: string;
  /** Projects of the template with an event at or after the version's first appearance. */
  activeProjects: number;
  /** Projects on this version or a newer one at the end of the events. */
  reached: number;
  halfMs: number | null;
  ninetyMs: number | null;
}

interface Step {
  at: number;
  project: string;
  template: string;
  version: string;
}

/** The events that say which version a project runs, in time order, with a project id. */
function versionSteps(events: InsightEvent[]): Step[] {
  const steps: Step[] = [];
  for (const e of events) {
    const version = versionAfter(e);
    if (!e.projectId || !e.props.template || !version || !semver.valid(version)) continue;
    steps.push({
      at: Date.parse(e.time),
      project: e.projectId,
      template: e.props.template,
      version,
    });
  }
  return steps;
}

/** Weekly rollout progress per template; events are sorted by time. */
export function rolloutProgress(events: InsightEvent[]): RolloutProgress[] {
  const steps = versionSteps(events);
  const templates = [...new Set(steps.map((s) => s.template))].sort();
  const weeks = [...new Set(steps.map((s) => weekOf(new Date(s.at).toISOString())))].sort();
  return templates.map((template) => {
    const mine = steps.filter((s) => s.template === template);
    const current = new Map<string, string>();
    let i = 0;
    const rows = weeks.map((week) => {
      const end = Date.parse(`${week}T00:00:00Z`) + 7 * 86_400_000;
      for (; i < mine.length && mine[i]!.at < end; i++)
        current.set(mine[i]!.project, mine[i]!.version);
      const counts: Record<string, number> = {};
      for (const v of current.values()) counts[v] = (counts[v] ?? 0) + 1;
      return { week, versions: counts };
    });
    const versions = [...new Set(mine.map((s) => s.version))].sort(semver.compare);
    return { template, versions, weeks: rows.filter((r) => Object.keys(r.versions).length > 0) };
  });
}

/** Time to propagate each version: first appearance to 50 % and 90 % of active projects. */
export function timeToPropagate(events: InsightEvent[]): Propagation[] {
  const steps = versionSteps(events);
  const out: Propagation[] = [];
  for (const template of [...new Set(steps.map((s) => s.template))].sort()) {
    const mine = steps.filter((s) => s.template === template);
    for (const version of [...new Set(mine.map((s) => s.version))].sort(semver.compare)) {
      const first = mine.find((s) => s.version === version)!.at;
      const active = new Set(mine.filter((s) => s.at >= first).map((s) => s.project));
      const current = new Map<string, string>();
      let half: number | null = null;
      let ninety: number | null = null;
      let reached = 0;
      for (const s of mine) {
        current.set(s.project, s.version);
        if (s.at < first) continue;
        reached = [...current].filter(([p, v]) => active.has(p) && !semver.lt(v, version)).length;
        if (half === null && reached >= active.size * 0.5) half = s.at - first;
        if (ninety === null && reached >= active.size * 0.9) ninety = s.at - first;
      }
      out.push({
        template,
        version,
        firstSeen: new Date(first).toISOString(),
        activeProjects: active.size,
        reached,
        halfMs: half,
        ninetyMs: ninety,
      });
    }
  }
  return out;
}
