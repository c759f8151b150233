import { createHash } from 'node:crypto';
import type { Finding } from '../drift/finding.js';
import type { RuleDefinition, Severity } from '../drift/rules.js';
import { findingPath, type CheckReport } from './check-report.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** SARIF 2.1.0 as GitHub code scanning reads it: one run, rules with help, stable fingerprints. */
export function sarifLog(report: CheckReport): Record<string, unknown> {
  const rules = uniqueRules(report);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.repos.flatMap((repo) =>
    repo.findings.map((finding) =>
      result(finding, findingPath(repo, finding), index.get(finding.ruleId)),
    ),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'platform check',
            fullName: 'create-service platform check',
            version: report.cliVersion,
            semanticVersion: report.cliVersion,
            informationUri: 'https://www.npmjs.com/package/create-service',
            rules: rules.map(ruleDescriptor),
          },
        },
        // A rule a repo's config turned off is a runtime override of the tool's configuration.
        invocations: [
          {
            executionSuccessful: true,
            ruleConfigurationOverrides: report.repos.flatMap((repo) =>
              repo.rulesOff.map(({ rule, file }) => ({
                descriptor: { id: rule, ...(index.has(rule) && { index: index.get(rule) }) },
                configuration: { enabled: false },
                properties: { repo: repo.name, file },
              })),
            ),
          },
        ],
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'Where platform check ran.' } } },
        results,
      },
    ],
  };
}

/** The SARIF format as text. */
export function formatSarif(report: CheckReport): string {
  return `${JSON.stringify(sarifLog(report), null, 2)}\n`;
}

function uniqueRules(report: CheckReport): RuleDefinition[] {
  const byId = new Map<string, RuleDefinition>();
  for (const repo of report.repos)
    for (const rule of repo.rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  // A finding's rule is always described, even when only a fleet sibling evaluated it.
  return [...byId.values()];
}

function ruleDescriptor(rule: RuleDefinition): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.id
      .replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    help: {
      text: `${rule.why}\n\nHow to fix: ${rule.fix}`,
      markdown: `${rule.why}\n\n**How to fix:** ${rule.fix}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      category: rule.category,
      source: rule.source,
      tags: ['paved-road', rule.category],
    },
  };
}

function result(
  finding: Finding,
  uri: string | undefined,
  ruleIndex: number | undefined,
): Record<string, unknown> {
  const message = finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: message },
    // A finding without a line points at the file that governs it (the state file at worst).
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: encodeURI(uri ?? '.platform/service.json'),
            uriBaseId: '%SRCROOT%',
          },
          // Always a region (SARIF2017): the line when known, else the file's first line, the
          // whole-file form GitHub code scanning places best (docs/decisions.md).
          region: { startLine: finding.line ?? 1, endLine: finding.line ?? 1 },
        },
      },
    ],
    partialFingerprints: {
      'platformFinding/v1': createHash('sha256')
        .update(`${finding.ruleId}\0${uri ?? ''}\0${finding.message}`)
        .digest('hex')
        .slice(0, 32),
    },
    ...(finding.waived &&
      finding.waiver && {
        suppressions: [
          {
            kind: 'external',
            status: 'accepted',
            justification: `${finding.waiver.reason} (owner ${finding.waiver.owner}, expires ${finding.waiver.expires}${finding.waiver.ticket ? `, ${finding.waiver.ticket}` : ''})`,
          },
        ],
      }),
    properties: { category: finding.category },
  };
}
