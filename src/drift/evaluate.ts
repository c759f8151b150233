import type { TemplateCheck } from '../catalog/manifest.js';
import type { RuleLevel } from '../config/config-schema.js';
import { UserError } from '../errors.js';
import { turnTaker, type TakeTurn } from '../event-loop-turns.js';
import type { Waiver } from '../state/waivers.js';
import { BUILTIN_CHECKS } from './builtin-rules.js';
import type { RepoFacts } from './facts.js';
import type { Finding, RawFinding } from './finding.js';
import { BUILTIN_RULES, SEVERITY_RANK, type RuleDefinition } from './rules.js';
import { evaluateTemplateCheck, templateRuleDefinition } from './template-checks.js';

export interface RuleSelection {
  /** Config `rules`: rule id to off|info|warning|error. */
  levels?: Record<string, RuleLevel>;
  /** `--only`: evaluate just these rules. */
  only?: string[];
  /** `--skip`: leave these rules out. */
  skip?: string[];
  /** In a fleet, a template's rule may be unknown to repos on other templates. */
  allowUnknown?: boolean;
}

export interface Evaluation {
  findings: Finding[];
  /** Every rule that was evaluated (built-in and template), for SARIF and junit. */
  rules: RuleDefinition[];
  /** Every rule that applies to the repo, selected or not. */
  applicable: RuleDefinition[];
}

/** The rules that apply to a repo: built-ins, then its template's checks. */
export function applicableRules(facts: RepoFacts): RuleDefinition[] {
  const template = facts.template;
  if (template.kind !== 'found') return BUILTIN_RULES;
  return [
    ...BUILTIN_RULES,
    ...applicableChecks(facts).map((c) => templateRuleDefinition(c, template.id)),
  ];
}

/** The template's checks whose `when:` holds for the recorded answers. */
function applicableChecks(facts: RepoFacts): TemplateCheck[] {
  if (facts.template.kind !== 'found') return [];
  const answers = facts.state?.answers ?? {};
  return facts.template.manifest.checks.filter((c) =>
    Object.entries(c.when ?? {}).every(([name, value]) => String(answers[name]) === String(value)),
  );
}

/**
 * Runs every selected rule over the facts: pure (no I/O), so it is tested without a disk. It is
 * async only to hand the event loop a turn during long scans, so Ctrl-C is answered at once.
 */
export async function evaluateRules(
  facts: RepoFacts,
  selection: RuleSelection = {},
): Promise<Evaluation> {
  const all = applicableRules(facts);
  if (!selection.allowUnknown)
    assertKnownRules(
      selection,
      all.map((r) => r.id),
    );
  const levels = selection.levels ?? {};
  const rules = all.filter(
    (r) =>
      levels[r.id] !== 'off' &&
      (!selection.only?.length || selection.only.includes(r.id)) &&
      !selection.skip?.includes(r.id),
  );
  const findings: Finding[] = [];
  const takeTurn = turnTaker();
  for (const rule of rules) {
    await takeTurn();
    const raw = await rawFindings(rule, facts, takeTurn);
    const level = levels[rule.id];
    for (const f of raw) {
      const finding: Finding = {
        ...f,
        category: rule.category,
        severity: level && level !== 'off' ? level : (f.severity ?? rule.severity),
      };
      findings.push(applyWaivers(finding, facts.waivers, facts.today));
    }
  }
  return { findings: sortFindings(findings), rules, applicable: all };
}

function rawFindings(
  rule: RuleDefinition,
  facts: RepoFacts,
  takeTurn: TakeTurn,
): RawFinding[] | Promise<RawFinding[]> {
  const builtin = BUILTIN_CHECKS[rule.id];
  if (rule.source === 'builtin' && builtin) return builtin(facts, takeTurn);
  const check = applicableChecks(facts).find((c) => c.id === rule.id);
  return check ? evaluateTemplateCheck(check, facts) : [];
}

// Expired waivers suppress nothing: `waivers.expired` reports them instead, and cannot be waived.
function applyWaivers(finding: Finding, waivers: Waiver[], today: string): Finding {
  if (finding.ruleId === 'waivers.expired') return finding;
  const waiver = waivers.find(
    (w) =>
      w.rule === finding.ruleId &&
      (w.file === undefined || w.file === finding.file) &&
      w.expires >= today,
  );
  if (!waiver) return finding;
  return {
    ...finding,
    waived: true,
    waiver: {
      reason: waiver.reason,
      owner: waiver.owner,
      expires: waiver.expires,
      ...(waiver.ticket !== undefined && { ticket: waiver.ticket }),
    },
  };
}

/** Unwaived before waived, then by severity, rule and file: the top findings come first. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.waived ?? false) - Number(b.waived ?? false) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}

/** Throws a usage error naming the `--only`/`--skip` ids none of `rules` has. */
export function assertKnownRules(selection: RuleSelection, ruleIds: string[]): void {
  const known = new Set(ruleIds);
  const unknown = [...(selection.only ?? []), ...(selection.skip ?? [])].filter(
    (id) => !known.has(id),
  );
  if (unknown.length > 0)
    throw new UserError(
      'USAGE',
      `Unknown rule id(s): ${unknown.join(', ')}`,
      `Known rules here: ${[...known].join(', ')}. See docs/rules.md.`,
    );
}
