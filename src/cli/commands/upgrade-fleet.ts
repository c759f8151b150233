import path from 'node:path';
import { UserError } from '../../errors.js';
import { setProblemsFound } from '../exit.js';
import { parseShard } from '../../fleet/shard.js';
import { parseForge } from '../../rollout/forge.js';
import type { OnConflict, RolloutEntry } from '../../rollout/rollout-plan.js';
import { runRollout, type RolloutReport } from '../../rollout/run-rollout.js';
import { skipUsageEvent } from '../../telemetry/command-event.js';
import { CLI_VERSION } from '../../version.js';
import type { Output } from '../output.js';
import { parseConcurrency } from './parse-concurrency.js';

export interface UpgradeFleetFlags {
  fleet?: string;
  repos?: string;
  apply?: boolean;
  push?: boolean;
  branch?: string;
  onConflict?: string;
  forge?: string;
  workdir?: string;
  shard?: string;
  concurrency?: string;
  to?: string;
  set?: string[];
  catalog?: string[];
  dryRun?: boolean;
  commit?: boolean;
  check?: boolean;
}

/** `platform upgrade --fleet <dir> | --repos <file>`: exit 1 when any repo failed. */
export async function runUpgradeFleet(
  target: string | undefined,
  flags: UpgradeFleetFlags,
  output: Output,
): Promise<void> {
  checkFlags(target, flags);
  skipUsageEvent(); // a sweep across repos is the platform team's, not a service's use
  const cwd = process.cwd();
  const report = await runRollout(
    {
      ...(flags.fleet !== undefined && { fleet: path.resolve(cwd, flags.fleet) }),
      ...(flags.repos !== undefined && { reposFile: path.resolve(cwd, flags.repos) }),
      ...(flags.workdir !== undefined && { workdir: path.resolve(cwd, flags.workdir) }),
      shard: parseShard(flags.shard),
      ...(flags.concurrency !== undefined && { concurrency: parseConcurrency(flags.concurrency) }),
    },
    {
      apply: Boolean(flags.apply),
      push: Boolean(flags.push),
      onConflict: parseOnConflict(flags.onConflict),
      ...(flags.branch !== undefined && { branch: flags.branch }),
      ...(flags.forge !== undefined && { forge: parseForge(flags.forge) }),
      ...(flags.to !== undefined && { to: flags.to }),
      set: flags.set ?? [],
      catalogs: flags.catalog ?? [],
      cwd,
      cliVersion: CLI_VERSION,
    },
  );
  if (output.json) output.document({ command: 'upgrade', mode: 'fleet', ...report });
  else printRollout(output, report);
  setProblemsFound(report.totals.failed > 0);
}

function checkFlags(target: string | undefined, flags: UpgradeFleetFlags): void {
  const usage = (message: string, hint: string) => new UserError('USAGE', message, hint);
  if (flags.fleet !== undefined && flags.repos !== undefined)
    throw usage('--fleet and --repos both name the repos', 'Pass one of them.');
  if (target !== undefined)
    throw usage(
      '--fleet and --repos take no service path',
      'Drop the path, or drop --fleet/--repos.',
    );
  if (flags.commit || flags.check)
    throw usage(
      '--commit and --check are for one service',
      'A fleet rollout commits on its own branch with --apply.',
    );
  if (flags.apply && flags.dryRun)
    throw usage('--apply and --dry-run contradict', 'Pass one of them.');
  if (flags.push && !flags.apply)
    throw usage('--push needs --apply', 'Add --apply, or drop --push for a dry run.');
  if (flags.workdir !== undefined && flags.repos === undefined)
    throw usage('--workdir is where --repos clones go', 'Add --repos <file>, or drop --workdir.');
}

function parseOnConflict(text: string | undefined): OnConflict {
  if (text === undefined || text === 'skip' || text === 'push') return text ?? 'skip';
  throw new UserError('USAGE', `--on-conflict ${text}: unknown`, 'Use skip or push.');
}

const DETAIL: Partial<Record<RolloutEntry['status'], (r: RolloutEntry) => string>> = {
  upgradable: (r) => `${r.template} ${r.from} → ${r.to} on ${r.branch}`,
  'would-conflict': (r) => `${r.template} ${r.from} → ${r.to}: ${r.conflicts?.length} conflict(s)`,
  upgraded: (r) => `${r.template} ${r.from} → ${r.to} on ${r.branch}`,
  unchanged: (r) => `${r.branch} already holds ${r.template}@${r.to}`,
  conflicts: (r) => `${r.branch} holds conflict markers in ${r.conflicts?.join(', ')}`,
};

/** The human view of a rollout: one line a repo, then the counts. */
export function printRollout(output: Output, report: RolloutReport): void {
  const { out } = output;
  const width = Math.max(4, ...report.repos.map((r) => r.repo.length));
  for (const r of report.repos) {
    const detail =
      DETAIL[r.status]?.(r) ?? r.reason ?? (r.template ? `${r.template}@${r.from}` : '');
    const mr = r.mergeRequest?.url ? `  ${r.mergeRequest.url}` : '';
    output.print(`${r.repo.padEnd(width)}  ${r.status.padEnd(17)}  ${out.dim(detail)}${mr}`);
  }
  const counts = Object.entries(report.totals)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const shard =
    report.sweep.shard.count > 1
      ? ` (shard ${report.sweep.shard.index}/${report.sweep.shard.count})`
      : '';
  output.print(`\n${report.repos.length} repos${shard}: ${counts || 'none'}.`);
  if (report.dryRun)
    output.print('Dry run: nothing was written. Add --apply to make the branches.');
  if (report.workdir) output.print(out.dim(`Clones are in ${report.workdir}.`));
}
