import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { readServiceState } from '../state/service-state.js';
import { countActions, type UpgradeAction } from './plan-upgrade.js';
import { upgradeService, type UpgradeOptions } from './upgrade-service.js';

/** One repo of a fleet dry run. */
export interface FleetEntry {
  repo: string;
  status: 'current' | 'upgradable' | 'would-conflict' | 'not-adopted' | 'error';
  template?: string;
  from?: string;
  to?: string;
  actions?: Record<UpgradeAction, number>;
  conflicts?: string[];
  error?: { code: string; message: string; hint?: string };
}

export interface FleetSummary {
  fleet: string;
  repos: FleetEntry[];
  totals: Record<FleetEntry['status'], number>;
}

/** Plans (never applies) the upgrade of every repo directly under `fleetDir`, a few at a time. */
export async function planFleetUpgrade(
  fleetDir: string,
  options: Omit<UpgradeOptions, 'dir' | 'dryRun' | 'commit' | 'check'>,
  concurrency = 4,
): Promise<FleetSummary> {
  const entries = await readdir(fleetDir, { withFileTypes: true }).catch(() => {
    throw new UserError(
      'USAGE',
      `--fleet ${fleetDir}: no such folder`,
      'Pass a folder whose sub-folders are service repos.',
    );
  });
  const repos = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const out: FleetEntry[] = new Array<FleetEntry>(repos.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < repos.length; i = next++)
      out[i] = await planRepo(path.join(fleetDir, repos[i]!), repos[i]!, options);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repos.length) }, worker));
  const totals = { current: 0, upgradable: 0, 'would-conflict': 0, 'not-adopted': 0, error: 0 };
  for (const entry of out) totals[entry.status]++;
  return { fleet: fleetDir, repos: out, totals };
}

async function planRepo(
  dir: string,
  repo: string,
  options: Omit<UpgradeOptions, 'dir'>,
): Promise<FleetEntry> {
  try {
    if (!(await readServiceState(dir))) return { repo, status: 'not-adopted' };
    const result = await upgradeService({ ...options, dir, dryRun: true });
    if (result.kind !== 'upgrade')
      return {
        repo,
        status: 'current',
        template: result.template,
        from: result.current,
        to: result.current,
      };
    const conflicts = result.plan.files.filter((f) => f.action === 'conflict').map((f) => f.path);
    return {
      repo,
      status: conflicts.length > 0 ? 'would-conflict' : 'upgradable',
      template: result.plan.from.id,
      from: result.plan.from.version,
      to: result.plan.to.version,
      actions: countActions(result.plan),
      conflicts,
    };
  } catch (error) {
    if (!(error instanceof UserError))
      return { repo, status: 'error', error: { code: 'INTERNAL', message: errorMessage(error) } };
    return {
      repo,
      status: 'error',
      error: { code: error.code, message: error.message, ...(error.hint && { hint: error.hint }) },
    };
  }
}
