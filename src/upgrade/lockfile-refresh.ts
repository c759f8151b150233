import {
  detectPackageManager,
  findLockfile,
  lockfileName,
  lockfileRefreshCommand,
  refreshLockfile,
  type PackageManager,
} from '../adapters/package-manager.js';
import { changesDisk, type UpgradePlan } from './plan-upgrade.js';

/**
 * The lockfile step of an upgrade that changes package.json: without it the next `npm ci`
 * rejects the lock that no longer matches the manifest.
 */
export interface LockfileRefresh {
  /** The lockfile, relative to the service root. */
  file: string;
  packageManager: PackageManager;
  /** The command that refreshes it, as the user would type it. */
  command: string;
  status: 'planned' | 'refreshed' | 'failed' | 'skipped';
  /** Why it failed or was skipped, and what to run instead. */
  reason?: string;
}

/**
 * Decides whether an upgrade must refresh the lockfile: only when it rewrites the root
 * package.json. The service's own lockfile names the package manager.
 */
export function planLockfileRefresh(
  plan: UpgradePlan,
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): LockfileRefresh | undefined {
  const manifest = plan.files.find((f) => f.path === 'package.json');
  if (!manifest || !changesDisk(manifest) || !manifest.result) return undefined;
  const found = findLockfile(dir);
  const pm = found?.pm ?? detectPackageManager(env);
  const refresh: LockfileRefresh = {
    file: found?.file ?? lockfileName(pm),
    packageManager: pm,
    command: lockfileRefreshCommand(pm).join(' '),
    status: 'planned',
  };
  // No lockfile means the service was never installed (or does without): creating one here
  // would resolve every dependency from scratch; deps.lockfile-missing reports it instead.
  if (!found)
    return {
      ...refresh,
      status: 'skipped',
      reason: `there is none; run \`${pm} install\` and commit ${refresh.file}`,
    };
  if (manifest.action === 'conflict')
    return {
      ...refresh,
      status: 'skipped',
      reason: `package.json has conflicts; resolve them, then run \`${refresh.command}\``,
    };
  return refresh;
}

/** Runs a planned refresh; a failure is reported, never thrown: the upgrade itself stands. */
export async function applyLockfileRefresh(
  dir: string,
  planned: LockfileRefresh,
): Promise<LockfileRefresh> {
  if (planned.status !== 'planned') return planned;
  const outcome = await refreshLockfile(dir, planned.packageManager);
  if (outcome.ok) return { ...planned, status: 'refreshed' };
  return {
    ...planned,
    status: 'failed',
    reason: `\`${planned.command}\` failed; run it yourself and commit ${planned.file}.\n${outcome.output}`,
  };
}
