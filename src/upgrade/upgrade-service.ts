import path from 'node:path';
import semver from 'semver';
import { commitPaths } from '../adapters/execa-git.js';
import type { Prompter } from '../adapters/prompter.js';
import { collectAnswers, parseSetFlags } from '../answers/collect-answers.js';
import type { Catalog, TemplateSource } from '../catalog/catalog.js';
import { recordedCatalog } from '../catalog/open-catalogs.js';
import { UserError, errorMessage } from '../errors.js';
import { planRender, type Answers, type RenderPlan } from '../render/plan-render.js';
import { readTemplateFiles } from '../render/template-files.js';
import { assertDeclaredVariables } from '../render/validate-template.js';
import { STATE_FILE, type ServiceState } from '../state/service-state.js';
import { applyUpgrade, type AppliedUpgrade } from './apply-upgrade.js';
import { checkWorktree, checkWritablePaths, requireServiceState } from './check-preconditions.js';
import { resolveMerges } from './merge-files.js';
import type { VersionedMigration } from './migrate-files.js';
import { changesDisk, planUpgrade, type UpgradePlan } from './plan-upgrade.js';
import { readServiceFiles } from './read-service-files.js';
import { allVersions, openVersion, serviceCatalogs } from './service-catalogs.js';

export interface UpgradeOptions {
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
      catalogKind: TemplateSource['catalogKind'];
      applied?: AppliedUpgrade;
      commit?: { sha: string } | { skipped: string } | { failed: string };
      durationMs: number;
    };

/** Moves a service to a newer template version; every precondition is checked before a write. */
export async function upgradeService(options: UpgradeOptions): Promise<UpgradeResult> {
  const started = performance.now();
  const { dir, env = process.env } = options;
  const set = parseSetFlags(options.set ?? []);
  const to = options.to === undefined ? undefined : parseTargetVersion(options.to);
  const state = await requireServiceState(dir);
  const { id, version: from } = state.template;
  const catalogs = await serviceCatalogs(dir, state, { flags: options.catalogs ?? [], env });
  const versions = await allVersions(catalogs, id);
  // Without the recorded version there is no base to merge against, nor a version to compare.
  const base = await openVersion(catalogs, id, from, 'recorded');
  const latest = versions[0] ?? from;
  const target = to ?? (semver.gt(latest, from) ? latest : from);
  if (options.check) return checkResult(dir, id, from, latest, target, versions);
  // A dry run writes nothing, so a dirty tree does not stop it; the other preconditions do.
  await checkWorktree(dir, { allowDirty: Boolean(options.allowDirty || options.dryRun) });
  if (semver.lt(target, from))
    throw new UserError(
      'PRECONDITION',
      `${id}@${target} is older than the recorded ${from}: upgrades never go back`,
      `Pick a version newer than ${from} with --to, or restore an older commit with git.`,
    );
  const targetFound = await openVersion(catalogs, id, target, 'target');
  if (target === from) return { kind: 'current', dir, template: id, current: from, latest };

  const answers = await upgradeAnswers(state, targetFound.source, set, options.prompter);
  const basePlan = await renderSource(base.source, state.template.catalog, state.answers);
  const targetPlan = await renderSource(
    targetFound.source,
    recordedCatalog(targetFound.source, dir),
    answers,
    true,
  );
  const migrations = await migrationsBetween(targetFound.catalog, id, from, targetFound.source);
  const named = migrations.flatMap(({ step }) => Object.values(step).flatMap((v) => pathsOf(v)));
  const current = await readServiceFiles(dir, [
    ...basePlan.files.map((f) => f.path),
    ...targetPlan.files.map((f) => f.path),
    ...named,
  ]);
  current.delete(STATE_FILE);
  const plan = await resolveMerges(
    planUpgrade({ base: basePlan, target: targetPlan, current, migrations }),
  );
  await checkWritablePaths(
    dir,
    plan.files.filter((f) => f.result && changesDisk(f)).map((f) => f.path),
  );
  const result: Extract<UpgradeResult, { kind: 'upgrade' }> = {
    kind: 'upgrade',
    dir,
    dryRun: Boolean(options.dryRun),
    plan,
    catalogKind: targetFound.source.catalogKind,
    durationMs: 0,
  };
  if (!result.dryRun) {
    const cli = `create-service@${options.cliVersion}`;
    result.applied = await applyUpgrade(plan, dir, { cli, now: options.now ?? new Date() });
    if (options.commit) result.commit = await commitUpgrade(dir, plan, result.applied);
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
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

async function upgradeAnswers(
  state: ServiceState,
  target: TemplateSource,
  set: Record<string, string>,
  prompter?: Prompter,
): Promise<Answers> {
  const known = new Set(target.manifest.parameters.map((p) => p.name));
  const recorded = Object.fromEntries(Object.entries(state.answers).filter(([k]) => known.has(k)));
  try {
    return await collectAnswers(target.manifest.parameters, {
      file: recorded,
      set,
      ...(prompter && { prompter }),
    });
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'ANSWERS') throw error;
    throw new UserError(
      'ANSWERS',
      `${target.manifest.id}@${target.manifest.version} does not accept the answers: ${error.message}`,
      `Supply them with --set name=value (for example ${error.details.map((d) => `--set ${d.split(':')[0]}=…`).join(' ') || '--set name=value'}); recorded answers are in ${STATE_FILE}.`,
      error.details,
    );
  }
}

async function renderSource(
  source: TemplateSource,
  catalog: string,
  answers: Answers,
  validate = false,
): Promise<RenderPlan> {
  const files = await readTemplateFiles(source.dir);
  if (validate) assertDeclaredVariables(source.manifest, files);
  return planRender({ manifest: source.manifest, catalog, files, answers });
}

/** The migrations of every version after `from` up to the target, oldest first. */
async function migrationsBetween(
  catalog: Catalog,
  id: string,
  from: string,
  target: TemplateSource,
): Promise<VersionedMigration[]> {
  const to = target.manifest.version;
  const between = (await catalog.versions(id))
    .filter((v) => semver.gt(v, from) && semver.lt(v, to))
    .sort(semver.compare);
  const manifests = [
    ...(await Promise.all(between.map(async (v) => (await catalog.open(id, v)).manifest))),
    target.manifest,
  ];
  return manifests.flatMap((m) => m.migrations.map((step) => ({ version: m.version, step })));
}

function pathsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  const { from, to, file } = value as { from?: string; to?: string; file?: string };
  return [from, to, file].filter((p): p is string => typeof p === 'string');
}

async function commitUpgrade(dir: string, plan: UpgradePlan, applied: AppliedUpgrade) {
  if (applied.conflicts.length > 0)
    return { skipped: 'conflicts are left; resolve them, then commit' };
  const paths = [...applied.written, ...applied.removed, ...applied.patches, STATE_FILE];
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
