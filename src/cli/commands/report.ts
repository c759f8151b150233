import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { failsAt } from '../../drift/check-repo.js';
import { UserError } from '../../errors.js';
import { parseFormat } from '../../report/formats.js';
import { mergeReports, type ReportFile } from '../../report/merge-reports.js';
import { skipUsageEvent } from '../../telemetry/command-event.js';
import { CLI_VERSION } from '../../version.js';
import { createOutput } from '../output.js';
import { printRollout } from './upgrade-fleet.js';
import { writeCheckReport } from './write-check-report.js';
import { setProblemsFound } from '../exit.js';

export interface ReportFlags {
  format?: string;
  output?: string;
  json?: boolean;
}

/** `platform report <report.json...>`: the shards of one sweep, merged, in any check format. */
export async function runReport(files: string[], flags: ReportFlags): Promise<void> {
  skipUsageEvent(); // merging files is not a use of a service
  const format = flags.json ? 'json' : parseFormat(flags.format ?? 'text');
  const output = createOutput({ json: format === 'json' });
  const cwd = process.cwd();
  const read = await Promise.all(files.map((file) => readReport(path.resolve(cwd, file), file)));
  const merged = mergeReports(read, CLI_VERSION);
  if (merged.command === 'check') {
    const { report } = merged;
    await writeCheckReport(report, format, {
      output,
      cwd,
      ...(flags.output !== undefined && { file: flags.output }),
    });
    setProblemsFound(report.repos.some((r) => failsAt(r.findings, report.failOn)));
    return;
  }
  if (format !== 'json' && format !== 'text')
    throw new UserError(
      'USAGE',
      `upgrade sweeps merge to text or json, not ${format}`,
      'Pass --format text or --format json.',
    );
  if (flags.output !== undefined)
    throw new UserError('USAGE', '--output is for check reports', 'Redirect stdout instead.');
  if (output.json) output.document({ command: 'upgrade', mode: 'fleet', ...merged.report });
  else printRollout(output, merged.report);
  setProblemsFound(merged.report.totals.failed > 0);
}

async function readReport(file: string, name: string): Promise<ReportFile> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(
      'INPUT',
      `${name}: cannot read the file`,
      'Pass the JSON reports of the shards.',
    );
  });
  try {
    return { name, doc: JSON.parse(text) as unknown };
  } catch {
    throw new UserError('INPUT', `${name} is not JSON`, 'Pass the JSON reports of the shards.');
  }
}
