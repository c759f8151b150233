import { failsAt } from '../drift/check-repo.js';
import type { Finding } from '../drift/finding.js';
import { repoTitle, type CheckReport } from './check-report.js';

/** JUnit XML: a testsuite per repo, a testcase per rule, failing when its findings reach --fail-on. */
export function formatJunit(report: CheckReport): string {
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites = report.repos.map((repo) => {
    const cases = repo.rules.map((rule) => {
      const findings = repo.findings.filter((f) => f.ruleId === rule.id);
      const open = findings.filter((f) => !f.waived);
      // JUnit viewers group by class: the rule's category reads better than the repo again.
      const attrs = `classname="${xml(`platform.${rule.category}`)}" name="${xml(rule.id)}"`;
      if (failsAt(open, report.failOn)) {
        const body = open.map(describe).join('\n');
        return {
          state: 'failure',
          xml: `    <testcase ${attrs}>\n      <failure message="${xml(open[0]!.message)}" type="${xml(worst(open))}">${xml(body)}</failure>\n    </testcase>`,
        };
      }
      if (open.length === 0 && findings.length > 0) {
        const w = findings[0]!.waiver;
        return {
          state: 'skipped',
          xml: `    <testcase ${attrs}>\n      <skipped message="${xml(`waived: ${w?.reason ?? ''} (${w?.owner ?? ''}, until ${w?.expires ?? ''})`)}"/>\n    </testcase>`,
        };
      }
      if (open.length > 0)
        return {
          state: 'passed',
          xml: `    <testcase ${attrs}>\n      <system-out>${xml(open.map(describe).join('\n'))}</system-out>\n    </testcase>`,
        };
      return { state: 'passed', xml: `    <testcase ${attrs}/>` };
    });
    const f = cases.filter((c) => c.state === 'failure').length;
    const s = cases.filter((c) => c.state === 'skipped').length;
    tests += cases.length;
    failures += f;
    skipped += s;
    return `  <testsuite name="${xml(repoTitle(repo))}" tests="${cases.length}" failures="${f}" errors="0" skipped="${s}">\n${cases.map((c) => c.xml).join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="platform check" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function describe(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : '';
  return `${f.severity}: ${where}${f.message}${f.fix ? ` Fix: ${f.fix}` : ''}`;
}

function worst(findings: Finding[]): string {
  return findings.some((f) => f.severity === 'error')
    ? 'error'
    : findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info';
}

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}
