import path from 'node:path';
import { checkRepo, failsAt, type RepoReport } from '../../drift/check-repo.js';
import { serviceRoot } from '../../state/service-root.js';
import { recoverInterruptedWrite } from '../../state/repo-transaction.js';
import { applyFixes, planFixes, type FixAction } from '../../drift/fixes.js';
import { repoDocument } from '../../report/json.js';
import { formatRepoText } from '../../report/text.js';
import { checkEventProps, setEventProject, setEventProps } from '../../telemetry/command-event.js';
import { createOutput, type Output } from '../output.js';
import { setProblemsFound } from '../exit.js';

export interface DoctorFlags {
  fix?: boolean;
  dryRun?: boolean;
  allowDirty?: boolean;
  only?: string[];
  skip?: string[];
  json?: boolean;
  catalog?: string[];
}

/** `platform doctor [path]`: the human view, with safe fixes on request. */
export async function runDoctor(target: string | undefined, flags: DoctorFlags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const cwd = process.cwd();
  const options = {
    root: target ?? '.',
    cwd,
    catalogs: flags.catalog ?? [],
    selection: { only: flags.only ?? [], skip: flags.skip ?? [] },
  };
  if (flags.fix) {
    const recovered = await recoverInterruptedWrite(serviceRoot(path.resolve(cwd, options.root)));
    if (recovered) output.warn(recovered);
  }
  const first = await checkRepo({ ...options, render: flags.fix ? 'always' : 'auto' });
  let report = first.report;
  let fixes: FixAction[] = [];
  if (flags.fix) {
    fixes = await planFixes(first.facts, report.findings);
    if (!flags.dryRun && fixes.length > 0) {
      await applyFixes(first.facts.root, fixes, { allowDirty: Boolean(flags.allowDirty) });
      report = (await checkRepo(options)).report;
    }
  }
  setEventProject(report.root);
  setEventProps(checkEventProps([report]));
  setProblemsFound(failsAt(report.findings, 'error'));
  if (output.json)
    return output.document({
      command: 'doctor',
      ...repoDocument(report),
      ...(flags.fix && {
        fix: {
          dryRun: Boolean(flags.dryRun),
          applied: !flags.dryRun,
          actions: fixes.map((f) => ({
            kind: f.kind,
            path: f.path,
            ruleId: f.ruleId,
            ...(f.patch && { localPatch: f.patch }),
          })),
        },
      }),
    });
  if (flags.fix) printFixes(output, fixes, Boolean(flags.dryRun), first.report);
  output.print(formatRepoText(report, output.out));
}

function printFixes(output: Output, fixes: FixAction[], dryRun: boolean, before: RepoReport) {
  const { out } = output;
  if (fixes.length === 0) {
    const reason =
      before.status === 'unknown-template'
        ? 'the recorded template version cannot be found, so nothing can be restored'
        : 'nothing that --fix can repair';
    output.print(`${out.dim('--fix:')} ${reason}.\n`);
    return;
  }
  output.print(out.bold(dryRun ? 'Would fix (dry run, nothing written):' : 'Fixed:'));
  for (const f of fixes) {
    output.print(
      `  ${out.green(f.kind === 'restore' ? 'restore' : 'add    ')} ${f.path.split(path.sep).join('/')} ${out.dim(`[${f.ruleId}]`)}`,
    );
    if (f.patch)
      output.print(
        `          ${out.dim(`your version ${dryRun ? 'will be' : 'is'} saved as`)} ${out.cyan(f.patch)} ${out.dim('(`git apply` it to bring it back)')}`,
      );
  }
  output.print(dryRun ? '' : `\nChecked again after fixing:\n`);
}
