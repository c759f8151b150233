import path from 'node:path';
import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { serviceRoot } from '../state/service-root.js';
import { evaluateRules, type RuleSelection } from './evaluate.js';
import type { RepoFacts, TemplateFacts } from './facts.js';
import type { Finding } from './finding.js';
import { gatherFacts } from './gather-facts.js';
import type { RuleDefinition, Severity } from './rules.js';
import type { TemplateCache } from './template-lookup.js';

/** Where a repo stands, as the fleet summary counts it. */
export type RepoStatus = 'on-road' | 'drifting' | 'outdated' | 'not-adopted' | 'unknown-template';

/** The result of checking one repo: what `doctor`, `check` and every format print. */
export interface RepoReport {
  /** Absolute path of the repo. */
  root: string;
  /** The path as the user should read it: relative to where the command ran. */
  name: string;
  template: { id: string; version: string; catalog: string } | null;
  latestVersion?: string;
  status: RepoStatus;
  findings: Finding[];
  rules: RuleDefinition[];
  /** Ids of every rule that applies here, including those `--only`/`--skip` left out. */
  applicableRuleIds: string[];
  counts: Record<Severity, number> & { waived: number };
  /** Catalogs that could not be read, and similar remarks. */
  notes: string[];
  /** Rules that apply here but the repo's own config turned off: its check is weaker for it. */
  rulesOff: RuleOff[];
}

/** A rule a repo's configuration (or a preset it extends) turned off, and the file that did. */
export interface RuleOff {
  rule: string;
  /** Relative to the repo root when inside it. */
  file: string;
}

export interface CheckRepoOptions {
  /** The repo to check. */
  root: string;
  /** Where the command runs: `--catalog` paths and report names are relative to it. */
  cwd?: string;
  catalogs?: string[];
  config?: ResolvedConfig;
  selection?: Omit<RuleSelection, 'levels'>;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  render?: 'auto' | 'always';
  cache?: TemplateCache;
}

/** Checks one repo: gathers facts, evaluates the rules, and keeps the facts for fixes. */
export async function checkRepo(
  options: CheckRepoOptions,
): Promise<{ report: RepoReport; facts: RepoFacts }> {
  const cwd = options.cwd ?? process.cwd();
  const root = serviceRoot(path.resolve(cwd, options.root));
  const configLoad =
    options.config ?? loadConfig({ cwd: root, ...(options.env && { env: options.env }) });
  const facts = await gatherFacts({
    root,
    config: configLoad,
    cwd,
    catalogs: options.catalogs ?? [],
    ...(options.env && { env: options.env }),
    ...(options.now && { now: options.now }),
    ...(options.render && { render: options.render }),
    ...(options.cache && { cache: options.cache }),
  });
  const config = await configLoad;
  const { findings, rules, applicable } = await evaluateRules(facts, {
    ...options.selection,
    levels: config.rules,
  });
  const report: RepoReport = {
    root,
    name: path.relative(cwd, root).split(path.sep).join('/') || '.',
    template: facts.state ? facts.state.template : null,
    ...(latestOf(facts.template) !== undefined && { latestVersion: latestOf(facts.template) }),
    status: repoStatus(findings),
    findings,
    rules,
    applicableRuleIds: applicable.map((r) => r.id),
    counts: countFindings(findings),
    notes: facts.notes,
    rulesOff: rulesOffByRepo(config, applicable, root),
  };
  return { report, facts };
}

// The trust model lets a repo set its own rule levels, `off` included; on a pull request that
// weakens the very check that reviews it, so every report names what was turned off and where.
function rulesOffByRepo(config: ResolvedConfig, rules: RuleDefinition[], root: string): RuleOff[] {
  return rules
    .filter((r) => config.rules[r.id] === 'off' && config.ruleScopes[r.id] === 'repo')
    .map((r) => {
      const file = config.origins[`rules.${r.id}`] ?? '';
      const relative = path.relative(root, file);
      const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      return { rule: r.id, file: inside ? relative.split(path.sep).join('/') : file };
    });
}

function latestOf(template: TemplateFacts): string | undefined {
  return template.kind === 'none' ? undefined : template.latest;
}

/** Error/warning/info counts of unwaived findings, plus how many were waived. */
export function countFindings(findings: Finding[]): RepoReport['counts'] {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) counts.waived++;
    else counts[f.severity]++;
  }
  return counts;
}

/** One status per repo, the most telling first. */
export function repoStatus(findings: Finding[]): RepoStatus {
  const open = findings.filter((f) => !f.waived);
  if (open.some((f) => f.ruleId === 'template.not-adopted')) return 'not-adopted';
  if (open.some((f) => f.ruleId === 'template.unknown')) return 'unknown-template';
  if (open.some((f) => f.ruleId !== 'template.outdated' && f.severity !== 'info'))
    return 'drifting';
  if (open.some((f) => f.ruleId === 'template.outdated')) return 'outdated';
  return 'on-road';
}

export type FailOn = 'error' | 'warning' | 'never';

/** True when an unwaived finding is at or above the `--fail-on` threshold. */
export function failsAt(findings: Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return findings.some(
    (f) =>
      !f.waived && (f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning')),
  );
}
