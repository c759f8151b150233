import path from 'node:path';
import { inquirerPrompter } from '../../adapters/inquirer-prompter.js';
import {
  catalogKindOf,
  setEventProject,
  setEventProps,
  skipUsageEvent,
} from '../../telemetry/command-event.js';
import { LOCAL_PATCH_GITIGNORE, localPatchPath } from '../../upgrade/local-patch.js';
import { changesDisk, countActions, type FileDecision } from '../../upgrade/plan-upgrade.js';
import { upgradeService, type UpgradeResult } from '../../upgrade/upgrade-service.js';
import { CLI_VERSION } from '../../version.js';
import { canPrompt } from '../can-prompt.js';
import { createOutput, type Output } from '../output.js';
import { setProblemsFound } from '../exit.js';
import { createProgress } from '../progress.js';
import type { UpgradeFleetFlags } from './upgrade-fleet.js';

/** The flags of one service's upgrade, plus those of a fleet rollout. */
export interface UpgradeFlags extends UpgradeFleetFlags {
  allowDirty?: boolean;
  exitCode?: boolean;
  yes?: boolean;
  json?: boolean;
}

type Applied = Extract<UpgradeResult, { kind: 'upgrade' }>;

/** `platform upgrade [path]`: exit 1 when conflicts are left or, with --check, an upgrade exists. */
export async function runUpgrade(target: string | undefined, flags: UpgradeFlags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const interactive = canPrompt(flags);
  const common = {
    cwd: process.cwd(),
    set: flags.set ?? [],
    catalogs: flags.catalog ?? [],
    cliVersion: CLI_VERSION,
    ...(flags.to !== undefined && { to: flags.to }),
    ...(interactive && { prompter: inquirerPrompter }),
  };
  if (flags.fleet !== undefined || flags.repos !== undefined) {
    const { runUpgradeFleet } = await import('./upgrade-fleet.js');
    return runUpgradeFleet(target, flags, output);
  }
  const result = await upgradeService({
    ...common,
    // Spinners only on a terminal: CI logs and pipes get the result alone.
    ...(process.stderr.isTTY && !output.json && { progress: createProgress(output) }),
    dir: path.resolve(target ?? '.'),
    notice: (text) => output.warn(text),
    dryRun: Boolean(flags.dryRun),
    allowDirty: Boolean(flags.allowDirty),
    commit: Boolean(flags.commit),
    check: Boolean(flags.check),
  });
  recordUsage(result);
  if (output.json) output.document(toDocument(result));
  else printResult(output, result);
  setProblemsFound(foundProblems(result, Boolean(flags.exitCode)));
}

/** What the usage event may say: template id, versions, conflict count; a dry run is not a use. */
function recordUsage(result: UpgradeResult) {
  setEventProject(result.dir);
  if (result.kind === 'check')
    return setEventProps({ template: result.template, fromVersion: result.current });
  if (result.kind === 'current')
    return setEventProps({
      template: result.template,
      fromVersion: result.current,
      toVersion: result.current,
    });
  if (result.dryRun) return skipUsageEvent();
  setEventProps({
    template: result.plan.to.id,
    catalogKind: catalogKindOf(result.plan.to.catalog),
    fromVersion: result.plan.from.version,
    toVersion: result.plan.to.version,
    conflicts: result.applied?.conflicts.length ?? 0,
    durationMs: result.durationMs,
  });
}

// Exit 1: an upgrade is available (--check), conflicts were left, or the commit failed; with
// --exit-code, like `git diff --exit-code`, also a dry run that predicts a conflict.
function foundProblems(result: UpgradeResult, exitCode: boolean): boolean {
  if (result.kind === 'check') return result.upgradeAvailable;
  if (result.kind === 'current') return false;
  if (result.dryRun) return exitCode && result.plan.files.some((f) => f.action === 'conflict');
  const failedCommit = result.commit !== undefined && 'failed' in result.commit;
  return (result.applied?.conflicts.length ?? 0) > 0 || failedCommit;
}

function toDocument(result: UpgradeResult): Record<string, unknown> {
  if (result.kind !== 'upgrade') {
    const { kind, ...rest } = result;
    return { command: 'upgrade', status: kind, ...rest };
  }
  const { plan } = result;
  return {
    command: 'upgrade',
    status: result.dryRun
      ? 'planned'
      : (result.applied?.conflicts.length ?? 0) > 0
        ? 'conflicts'
        : 'upgraded',
    dryRun: result.dryRun,
    directory: result.dir,
    template: plan.to.id,
    from: plan.from.version,
    to: plan.to.version,
    catalog: plan.to.catalog,
    catalogKind: result.catalogKind,
    answers: plan.answers,
    summary: countActions(plan),
    files: plan.files.map((f) => ({
      path: f.path,
      action: f.action,
      owner: f.owner,
      reason: f.reason,
      changes: changesDisk(f),
      ...(f.conflicts !== undefined && { conflicts: f.conflicts }),
      ...(f.patch !== undefined && { localPatch: localPatchPath(f.path) }),
    })),
    migrations: plan.migrations,
    conflicts: plan.files.filter((f) => f.action === 'conflict').map((f) => f.path),
    ...(result.applied && { applied: result.applied }),
    ...(result.lockfile && { lockfile: result.lockfile }),
    ...(result.commit && { commit: result.commit }),
    durationMs: result.durationMs,
  };
}

function printResult(output: Output, result: UpgradeResult): void {
  const { out } = output;
  if (result.kind === 'check') {
    const line = result.upgradeAvailable
      ? `${out.yellow('↑')} ${result.template} ${result.current} → ${out.bold(result.target)} is available. Run \`platform upgrade${result.target === result.latest ? '' : ` --to ${result.target}`}\`.`
      : `${out.green('✔')} ${result.template}@${result.current} is the latest version.`;
    return output.print(line);
  }
  if (result.kind === 'current')
    return output.print(
      `${out.green('✔')} ${result.template}@${result.current} is already the latest version; nothing to do.`,
    );
  printPlan(output, result);
  printOutcome(output, result);
}

function printPlan(output: Output, result: Applied): void {
  const { out } = output;
  const { plan } = result;
  const where = path.relative(process.cwd(), result.dir) || path.basename(result.dir);
  output.print(
    `${result.dryRun ? 'Plan to upgrade' : 'Upgrading'} ${out.bold(where)}: ${plan.to.id} ${plan.from.version} → ${out.cyan(plan.to.version)}`,
  );
  for (const note of plan.migrations)
    output.print(
      `  ${out.dim('migrate'.padEnd(8))} ${note.step} ${out.dim(`(${note.version}${note.reason ? `; ${note.outcome}: ${note.reason}` : ''})`)}`,
    );
  const shown = plan.files.filter((f) => f.action !== 'keep' || f.notable);
  const width = Math.max(0, ...shown.map((f) => f.path.length));
  const colour: Record<FileDecision['action'], (s: string) => string> = {
    add: out.green,
    replace: out.cyan,
    merge: out.cyan,
    keep: out.dim,
    remove: out.red,
    conflict: out.yellow,
  };
  for (const f of shown)
    output.print(
      `  ${colour[f.action](f.action.padEnd(8))} ${f.path.padEnd(width)}  ${out.dim(`${f.owner}: ${f.reason}`)}`,
    );
  const quiet = plan.files.length - shown.length;
  if (quiet > 0) output.print(out.dim(`  ${quiet} other file(s) stay as they are.`));
  for (const f of plan.files.filter((f) => f.patch)) {
    output.print(
      `\n${out.bold(f.path)} is managed and was edited locally; ${result.dryRun ? 'the upgrade will save' : 'saved'} your change to ${out.cyan(localPatchPath(f.path))} (kept out of commits by ${LOCAL_PATCH_GITIGNORE.path}; re-apply with \`git apply\`):`,
    );
    const lines = f.patch!.trimEnd().split('\n');
    for (const line of lines.slice(0, 40))
      output.print(
        `  ${line.startsWith('+') ? out.green(line) : line.startsWith('-') ? out.red(line) : line}`,
      );
    if (lines.length > 40)
      output.print(out.dim(`  … ${lines.length - 40} more lines in the patch`));
  }
}

function printOutcome(output: Output, result: Applied): void {
  const { out } = output;
  const conflicts = result.plan.files.filter((f) => f.action === 'conflict');
  printLockfile(output, result);
  if (result.dryRun) {
    output.print(
      `\nDry run: nothing was written.${conflicts.length > 0 ? ` ${conflicts.length} file(s) would conflict.` : ''}`,
    );
    return;
  }
  if (conflicts.length > 0) {
    output.print(`\n${out.yellow('!')} ${conflicts.length} conflict(s) left for you to resolve:`);
    for (const f of conflicts)
      output.print(
        `  ${f.path}${f.conflicts ? '  (look for <<<<<<< markers)' : "  (binary: your version was kept; the template's is in the new release)"}`,
      );
    output.print(
      'Next: edit them, run your tests, then `git add -A && git commit`. `platform upgrade` refuses to run while markers remain.',
    );
    return;
  }
  if (result.commit && 'sha' in result.commit)
    output.print(
      `\n${out.green('✔')} Upgraded to ${result.plan.to.version} and committed ${result.commit.sha.slice(0, 7)}${result.lockfile?.status === 'refreshed' ? `, ${result.lockfile.file} included` : ''}.`,
    );
  else {
    if (result.commit && 'failed' in result.commit)
      output.warn(`git commit failed: ${result.commit.failed}`);
    output.print(
      `\n${out.green('✔')} Upgraded to ${result.plan.to.version}. Review with \`git diff\`, run your tests, then commit.`,
    );
  }
}

/** package.json changed: say what happens to the lockfile, since `npm ci` depends on it. */
function printLockfile(output: Output, result: Applied): void {
  const lock = result.lockfile;
  if (!lock) return;
  const { out } = output;
  if (lock.status === 'planned')
    output.print(
      `  ${out.cyan('refresh'.padEnd(8))} ${lock.file}  ${out.dim(`package.json changes; would run \`${lock.command}\``)}`,
    );
  else if (lock.status === 'refreshed')
    output.print(
      `  ${out.cyan('refresh'.padEnd(8))} ${lock.file}  ${out.dim(`ran \`${lock.command}\``)}`,
    );
  else output.warn(`${lock.file} was not refreshed: ${lock.reason ?? lock.status}`);
}
