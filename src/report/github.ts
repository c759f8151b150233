import { allFindings, type CheckReport, findingPath } from './check-report.js';
import { formatMarkdown } from './markdown.js';

/** `::error`/`::warning` workflow commands, top findings first, and the step summary. */
export function formatGithub(report: CheckReport): { annotations: string; stepSummary: string } {
  const lines = allFindings(report).map(({ repo, finding }) => {
    const command = finding.waived
      ? 'notice'
      : finding.severity === 'info'
        ? 'notice'
        : finding.severity;
    const file = findingPath(repo, finding);
    const props = [
      file !== undefined ? `file=${escapeProperty(file)}` : null,
      finding.line !== undefined ? `line=${finding.line}` : null,
      `title=${escapeProperty(`${finding.ruleId}${finding.waived ? ' (waived)' : ''}`)}`,
    ].filter(Boolean);
    const text = [
      finding.message,
      finding.fix ? `Fix: ${finding.fix}` : '',
      finding.waiver
        ? `Waived: ${finding.waiver.reason} (${finding.waiver.owner}, until ${finding.waiver.expires})`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
    return `::${command} ${props.join(',')}::${escapeData(text)}`;
  });
  return {
    annotations: lines.length > 0 ? `${lines.join('\n')}\n` : '',
    stepSummary: formatMarkdown(report),
  };
}

/** Escapes a workflow command's message: %, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: the message escapes plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
