import type { FailOn, RepoReport } from '../drift/check-repo.js';
import { summarizeFleet, type SkippedRepo } from '../drift/fleet.js';
import type { RuleDefinition } from '../drift/rules.js';
import { UserError } from '../errors.js';
import type { SweepInfo } from '../fleet/shard.js';
import { rolloutTotals, type RolloutEntry } from '../rollout/rollout-plan.js';
import type { RolloutReport } from '../rollout/run-rollout.js';
import type { CheckReport } from './check-report.js';

/** A report file as read: its name (for errors) and its parsed JSON. */
export interface ReportFile {
  name: string;
  doc: unknown;
}

export type MergedReport =
  { command: 'check'; report: CheckReport } | { command: 'upgrade'; report: RolloutReport };

interface SweepDoc {
  command: 'check' | 'upgrade';
  sweep: SweepInfo;
}

/**
 * Merges the JSON reports of one sharded sweep into the report the unsharded sweep would
 * have given. Reports of different sweeps or commands, a missing shard or a shard given
 * twice are exit 2: a merged report that silently lacks repos would read as all clear.
 */
export function mergeReports(files: ReportFile[], cliVersion: string): MergedReport {
  const docs = files.map((f) => ({ name: f.name, doc: asSweepDoc(f) }));
  const first = docs[0]!.doc;
  for (const { name, doc } of docs) {
    if (doc.command !== first.command || doc.sweep.id !== first.sweep.id)
      throw new UserError(
        'INPUT',
        `${name} is from another sweep (${doc.command} ${doc.sweep.id}, not ${first.command} ${first.sweep.id})`,
        'Merge only the shards of one run: same command, fleet and options.',
      );
  }
  checkShards(docs.map((d) => ({ name: d.name, shard: d.doc.sweep.shard })));
  const sweep: SweepInfo = { ...first.sweep, shard: { index: 1, count: 1 } };
  return first.command === 'check'
    ? {
        command: 'check',
        report: mergeCheck(
          docs.map((d) => d.doc as CheckDoc),
          sweep,
          cliVersion,
        ),
      }
    : {
        command: 'upgrade',
        report: mergeUpgrade(
          docs.map((d) => d.doc as UpgradeDoc),
          sweep,
        ),
      };
}

function asSweepDoc(file: ReportFile): SweepDoc {
  const doc = file.doc as Partial<SweepDoc> & { schemaVersion?: unknown };
  const sweep = doc?.sweep;
  const ok =
    doc?.schemaVersion === 1 &&
    (doc.command === 'check' || doc.command === 'upgrade') &&
    typeof sweep?.id === 'string' &&
    Number.isInteger(sweep.shard?.index) &&
    Number.isInteger(sweep.shard?.count);
  if (!ok)
    throw new UserError(
      'INPUT',
      `${file.name} is not the JSON report of a fleet sweep`,
      'Merge the files written by `platform check --fleet … --format json` or `platform upgrade --fleet … --json`.',
    );
  return doc as SweepDoc;
}

function checkShards(shards: { name: string; shard: SweepInfo['shard'] }[]): void {
  const count = shards[0]!.shard.count;
  const seen = new Map<number, string>();
  for (const { name, shard } of shards) {
    if (shard.count !== count)
      throw new UserError(
        'INPUT',
        `${name} is shard ${shard.index}/${shard.count}, not of ${count}`,
        'Merge the shards of one matrix.',
      );
    const twice = seen.get(shard.index);
    if (twice !== undefined)
      throw new UserError(
        'INPUT',
        `shard ${shard.index}/${count} is given twice: ${twice} and ${name}`,
        'Pass each shard once.',
      );
    seen.set(shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new UserError(
      'INPUT',
      `shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
      'Pass the report of every shard; a merged report without them would hide repos.',
    );
}

interface CheckDoc extends SweepDoc {
  failOn: FailOn;
  repos: (Omit<
    RepoReport,
    'root' | 'name' | 'rules' | 'latestVersion' | 'applicableRuleIds' | 'rulesOff'
  > & {
    path: string;
    latestVersion: string | null;
    rules?: string[];
    /** Absent from the reports of older CLIs. */
    rulesOff?: RepoReport['rulesOff'];
  })[];
  skipped: SkippedRepo[];
  rules?: RuleDefinition[];
}

function mergeCheck(docs: CheckDoc[], sweep: SweepInfo, cliVersion: string): CheckReport {
  const rules = new Map(docs.flatMap((d) => d.rules ?? []).map((r) => [r.id, r]));
  const repos = docs
    .flatMap((d) => d.repos)
    .map((r): RepoReport => ({
      root: r.path,
      name: r.path,
      template: r.template,
      ...(r.latestVersion !== null && { latestVersion: r.latestVersion }),
      status: r.status,
      findings: r.findings,
      rules: (r.rules ?? []).flatMap((id) => rules.get(id) ?? []),
      applicableRuleIds: r.rules ?? [],
      counts: r.counts,
      notes: r.notes,
      rulesOff: r.rulesOff ?? [],
    }))
    .sort((a, b) => byKey(a.name, b.name));
  const skipped = docs.flatMap((d) => d.skipped).sort((a, b) => byKey(a.path, b.path));
  return {
    repos,
    skipped,
    summary: summarizeFleet(repos, skipped.length),
    failOn: docs[0]!.failOn,
    cliVersion,
    sweep,
  };
}

type UpgradeDoc = SweepDoc & Omit<RolloutReport, 'sweep'>;

function mergeUpgrade(docs: UpgradeDoc[], sweep: SweepInfo): RolloutReport {
  const repos: RolloutEntry[] = docs.flatMap((d) => d.repos).sort((a, b) => byKey(a.repo, b.repo));
  const first = docs[0]!;
  return {
    fleet: first.fleet,
    ...(first.workdir !== undefined && { workdir: first.workdir }),
    sweep,
    dryRun: first.dryRun,
    repos,
    totals: rolloutTotals(repos),
  };
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
