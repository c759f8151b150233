import path from 'node:path';
import * as semver from '../catalog/semver.js';
import { commitPaths } from '../adapters/git.js';
import type { Prompter } from '../adapters/prompter.js';
import { parseSetFlags } from '../answers/collect-answers.js';
import type { TemplateSource } from '../catalog/catalog.js';
import type { Progress } from '../create/create-service.js';
import { recordedCatalog } from '../catalog/open-catalogs.js';
import { UserError, errorMessage } from '../errors.js';
import { currentCli, formatCli, parseRecordedCli, type RenderCli } from '../render/render-cli.js';
import { recoverInterruptedWrite } from '../state/repo-transaction.js';
import { STATE_FILE, type ServiceState } from '../state/service-state.js';
import { applyUpgrade, type AppliedUpgrade } from './apply-upgrade.js';
import {
  applyLockfileRefresh,
  planLockfileRefresh,
  type LockfileRefresh,
} from './lockfile-refresh.js';
import {
  checkConflictMarkers,
  checkWorktree,
  checkWritablePaths,
  requireServiceState,
} from './check-preconditions.js';
import { localPatchPath } from './local-patch.js';
import { resolveMerges } from './merge-files.js';
import { serviceRoot } from '../state/service-root.js';
import { alignBaseWithRecorded } from './recorded-base.js';
import { changesDisk, planUpgrade, type UpgradePlan } from './plan-upgrade.js';
import { readServiceFiles } from './read-service-files.js';
import {
  allVersions,
  migrationPaths,
  migrationsBetween,
  openVersion,
  serviceCatalogs,
} from './service-catalogs.js';
import { renderVersion } from './render-versions.js';
import { upgradeAnswers } from './upgrade-answers.js';

export interface UpgradeOptions {
  /** Where relative `--catalog` folders are resolved from. */
  cwd?: string;
  /** The service folder. */
  dir: string;
  to?: string;
  dryRun?: boolean;
  allowDirty?: boolean;
  commit?: boolean;
  /** Only report whether an upgrade exists. */
  check?: boolean;
  set?: string[];
  catalogs?: string[];
  /** Present only when prompting is allowed: a TTY, not CI, no `--yes`. */
  prompter?: Prompter;
  env?: NodeJS.ProcessEnv;
  cliVersion: string;
  now?: Date;
  /** Told what was done about a run that was killed mid-write, before this one starts. */
  notice?: (text: string) => void;
  /** Spinners while catalogs are fetched and versions rendered; the CLI passes one on a TTY. */
  progress?: Progress;
  /** The caller's own `git status` found a clean work tree with nothing unmerged (a rollout). */
  worktreeChecked?: boolean;
}

export type UpgradeResult =
  | {
      kind: 'check';
      dir: string;
      template: string;
      current: string;
      latest: string;
      target: string;
      upgradeAvailable: boolean;
    }
  | { kind: 'current'; dir: string; template: string; current: string; latest: string }
  | {
      kind: 'upgrade';
      dir: string;
      dryRun: boolean;
      plan: UpgradePlan;
      /** The CLI the upgraded render names, recorded in the state file. */
      cli: RenderCli;
      catalogKind: TemplateSource['catalogKind'];
      applied?: AppliedUpgrade;
      /** Present when the upgrade changes package.json. */
      lockfile?: LockfileRefresh;
      commit?: { sha: string } | { skipped: string } | { failed: string };
      durationMs: number;
    };

/** Moves a service to a newer template version; every precondition is checked before a write. */
export async function upgradeService(given: UpgradeOptions): Promise<UpgradeResult> {
  const started = performance.now();
  // From any folder inside the service; a fleet plan passes each repo's own folder instead.
  const options = { ...given, dir: serviceRoot(given.dir) };
  if (!options.check) {
    const recovered = await recoverInterruptedWrite(options.dir);
    if (recovered) options.notice?.(recovered);
  }
  const planned = await planServiceUpgrade(options);
  if (planned.kind !== 'upgrade') return planned;
  return writePlannedUpgrade(planned, options, started);
}

/**
 * Writes an upgrade `planServiceUpgrade` planned, unless `dryRun`: a fleet rollout plans each
 * repo once, then writes that plan on the rollout branch (whose tree is the one planned on).
 */
export async function writePlannedUpgrade(
  planned: Extract<UpgradeResult, { kind: 'upgrade' }>,
  options: UpgradeOptions,
  started = performance.now(),
): Promise<UpgradeResult> {
  const result = { ...planned, dryRun: Boolean(options.dryRun) };
  if (!result.dryRun) {
    const cli = formatCli(result.cli);
    const now = options.now ?? new Date();
    result.applied = await applyUpgrade(result.plan, options.dir, { cli, now });
    if (result.lockfile) result.lockfile = await applyLockfileRefresh(options.dir, result.lockfile);
    if (options.commit)
      result.commit = await commitUpgrade(
        options.dir,
        result.plan,
        result.applied,
        result.lockfile,
      );
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/**
 * Checks every precondition and plans the upgrade, merges included, without writing to the
 * service: what `--dry-run`, `--check` and `--fleet` need.
 */
export async function planServiceUpgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  const { dir } = options;
  const set = parseSetFlags(options.set ?? []);
  const to = options.to === undefined ? undefined : parseTargetVersion(options.to);
  const state = await requireServiceState(dir);
  const { id, version: from } = state.template;
  const found = await withSpinner(options.progress, `Looking up ${id} versions`, () =>
    findVersions(options, state, to),
  );
  const { base, next, latest, target, versions, cliPackage } = found;
  if (options.check) return checkResult(dir, id, from, latest, target, versions);
  // A dry run writes nothing, so a dirty tree does not stop it; the other preconditions do.
  if (!options.worktreeChecked)
    await checkWorktree(dir, { allowDirty: Boolean(options.allowDirty || options.dryRun) });
  if (semver.lt(target, from))
    throw new UserError(
      'PRECONDITION',
      `${id}@${target} is older than the recorded ${from}: upgrades never go back`,
      `Pick a version newer than ${from} with --to, or restore an older commit with git.`,
    );
  if (!next) throw new Error('unreachable: the target version was not opened');
  if (target === from) return { kind: 'current', dir, template: id, current: from, latest };

  const answers = await upgradeAnswers(state, next.source, set, options.prompter);
  // The base is the render as it was, naming the CLI that made it; the target names this one.
  const recordedCli = parseRecordedCli(state.cli);
  const basePlan = await renderVersion(
    base.source,
    state.template.catalog,
    state.answers,
    recordedCli,
  );
  const targetCatalog = recordedCatalog(next.source, dir);
  const cli = currentCli(cliPackage, options.cliVersion);
  const targetPlan = await renderVersion(next.source, targetCatalog, answers, cli, true);
  const migrations = await migrationsBetween(next.catalog, id, from, next.source);
  const current = await readServiceFiles(dir, [
    ...basePlan.files.map((f) => f.path),
    ...targetPlan.files.map((f) => f.path),
    ...migrationPaths(migrations),
  ]);
  current.delete(STATE_FILE);
  const recordedBase = alignBaseWithRecorded(basePlan, state, current);
  const planned = planUpgrade({ base: recordedBase, target: targetPlan, current, migrations });
  checkConflictMarkers(planned.files);
  const plan = await resolveMerges(planned);
  const written = plan.files.filter((f) => f.result && changesDisk(f)).map((f) => f.path);
  const touched = [
    ...plan.files.filter(changesDisk).map((f) => f.path),
    ...plan.files.filter((f) => f.patch).map((f) => localPatchPath(f.path)),
    STATE_FILE,
  ];
  await checkWritablePaths(dir, written, touched);
  const lockfile = planLockfileRefresh(plan, dir, options.env);
  return {
    kind: 'upgrade',
    dir,
    dryRun: true,
    plan,
    cli,
    catalogKind: next.source.catalogKind,
    ...(lockfile && { lockfile }),
    durationMs: 0,
  };
}

/** The recorded (base) version, the target version and the releases, from the catalogs. */
async function findVersions(options: UpgradeOptions, state: ServiceState, to?: string) {
  const { id, version: from } = state.template;
  const catalogs = await serviceCatalogs(options.dir, state, {
    cwd: options.cwd ?? options.dir,
    flags: options.catalogs ?? [],
    env: options.env ?? process.env,
  });
  const versions = await allVersions(catalogs.search, id);
  // Without the recorded version there is no base to merge against, nor a version to compare.
  const base = await openVersion(catalogs.base, id, from, 'recorded');
  const latest = versions[0] ?? from;
  const target = to ?? (semver.gt(latest, from) ? latest : from);
  // --check reports a missing target itself; a downgrade is refused before it is opened.
  const next =
    options.check || semver.lt(target, from)
      ? undefined
      : await openVersion(catalogs.search, id, target, 'target');
  return { base, next, latest, target, versions, cliPackage: catalogs.cliPackage };
}

async function withSpinner<T>(
  progress: Progress | undefined,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const spinner = progress?.start(label);
  try {
    const result = await work();
    spinner?.succeed();
    return result;
  } catch (error) {
    spinner?.fail();
    throw error;
  }
}

function parseTargetVersion(text: string): string {
  const version = semver.valid(text.replace(/^v/, ''));
  if (!version)
    throw new UserError('USAGE', `--to ${text}: not a semver version`, 'Write e.g. --to 1.2.0.');
  return version;
}

function checkResult(
  dir: string,
  id: string,
  from: string,
  latest: string,
  target: string,
  versions: string[],
): UpgradeResult {
  if (!versions.includes(target))
    throw new UserError(
      'PRECONDITION',
      `${id}@${target} does not exist in any catalog`,
      `Released versions: ${versions.join(', ') || 'none'}.`,
    );
  return {
    kind: 'check',
    dir,
    template: id,
    current: from,
    latest,
    target,
    upgradeAvailable: semver.gt(target, from),
  };
}

async function commitUpgrade(
  dir: string,
  plan: UpgradePlan,
  applied: AppliedUpgrade,
  lockfile: LockfileRefresh | undefined,
) {
  if (applied.conflicts.length > 0)
    return { skipped: 'conflicts are left; resolve them, then commit' };
  const paths = [...applied.written, ...applied.removed, ...applied.patches, STATE_FILE];
  if (lockfile?.status === 'refreshed') paths.push(lockfile.file);
  const message = `Upgrade ${plan.to.id} ${plan.from.version} → ${plan.to.version}\n\nApplied by \`platform upgrade\`.`;
  try {
    return {
      sha: await commitPaths(
        dir,
        paths.map((p) => path.normalize(p)),
        message,
      ),
    };
  } catch (error) {
    return {
      failed: errorMessage(error).split('\n').filter(Boolean).at(-1) ?? 'git commit failed',
    };
  }
}
