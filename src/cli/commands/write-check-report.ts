import { appendFile, writeFile } from 'node:fs/promises';
import { makeDir } from '../../make-dir.js';
import path from 'node:path';
import { NO_PAINT, type CheckReport, type Paint } from '../../report/check-report.js';
import type { Format } from '../../report/formats.js';
import { formatGithub } from '../../report/github.js';
import { formatGitlab } from '../../report/gitlab.js';
import { formatJson } from '../../report/json.js';
import { formatJunit } from '../../report/junit.js';
import { formatMarkdown } from '../../report/markdown.js';
import { formatSarif } from '../../report/sarif.js';
import { formatText } from '../../report/text.js';
import type { Output } from '../output.js';

/** Prints a check report in `format` to stdout, or writes it to `file`: check and report share it. */
export async function writeCheckReport(
  report: CheckReport,
  format: Format,
  { output, cwd, file }: { output: Output; cwd: string; file?: string },
): Promise<void> {
  const text = await render(format, report, file !== undefined ? NO_PAINT : output.out);
  if (file !== undefined) {
    const target = path.resolve(cwd, file);
    makeDir(path.dirname(target));
    await writeFile(target, text);
    output.log(`Wrote the ${format} report to ${path.relative(cwd, target) || target}.`);
  } else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function render(format: Format, report: CheckReport, paint: Paint): Promise<string> {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'gitlab':
      return formatGitlab(report);
    case 'junit':
      return formatJunit(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'github': {
      const { annotations, stepSummary } = formatGithub(report);
      // The step summary is a file GitHub renders on the run page; annotations go to stdout.
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) await appendFile(summaryFile, `${stepSummary}\n`);
      return annotations || 'platform check: no findings\n';
    }
    default:
      return `${formatText(report, paint)}\n`;
  }
}
