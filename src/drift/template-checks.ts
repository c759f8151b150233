import * as semver from '../catalog/semver.js';
import type { TemplateCheck } from '../catalog/manifest.js';
import type { RuleDefinition } from './rules.js';
import { lineAt } from '../text-lines.js';
import { compileRegex } from '../untrusted-regex.js';
import type { RepoFacts } from './facts.js';
import type { RawFinding } from './finding.js';
import { docKey } from './structured-docs.js';

/** A template's `checks:` entry as a rule definition, for docs, SARIF and `--only`. */
export function templateRuleDefinition(check: TemplateCheck, templateId: string): RuleDefinition {
  return {
    id: check.id,
    category: check.category,
    severity: check.severity,
    title: check.message,
    why: check.message,
    fix: check.fix ?? 'See the template documentation.',
    source: `template:${templateId}`,
  };
}

/**
 * Evaluates one template check against the work tree; pure. Async only because a regex over a
 * large file is searched on a worker thread, leaving this one free to answer Ctrl-C.
 */
export async function evaluateTemplateCheck(
  check: TemplateCheck,
  facts: RepoFacts,
): Promise<RawFinding[]> {
  const failure = await checkFailure(check, facts);
  if (!failure) return [];
  return [
    {
      ruleId: check.id,
      message: `${check.message} (${failure.detail})`,
      file: check.file,
      ...(failure.line !== undefined && { line: failure.line }),
      ...(check.fix !== undefined && { fix: check.fix }),
    },
  ];
}

interface Failure {
  detail: string;
  line?: number;
}

async function checkFailure(check: TemplateCheck, facts: RepoFacts): Promise<Failure | null> {
  const exists = facts.present.has(check.file);
  const text = facts.texts.get(check.file);
  const pointer = check.json ?? check.yaml;
  if (check.contains !== undefined) {
    if (text === undefined) return { detail: `${check.file} is missing` };
    return (await compileRegex(check.contains, { multiline: true }).testAsync(text))
      ? null
      : { detail: `${check.file} does not match /${check.contains}/` };
  }
  if (check.notContains !== undefined) {
    const at =
      text === undefined
        ? -1
        : await compileRegex(check.notContains, { multiline: true }).searchAsync(text);
    return at >= 0 && text !== undefined
      ? { detail: `${check.file} matches /${check.notContains}/`, line: lineAt(text, at) }
      : null;
  }
  if (pointer !== undefined) return pointerFailure(check, pointer, facts);
  const wanted = check.exists ?? true;
  if (wanted === exists) return null;
  return { detail: wanted ? `${check.file} is missing` : `${check.file} must not exist` };
}

function pointerFailure(check: TemplateCheck, pointer: string, facts: RepoFacts): Failure | null {
  const where = `${check.file}#${pointer}`;
  if (!facts.texts.has(check.file)) return { detail: `${check.file} is missing` };
  const doc = facts.documents.get(docKey(check.json !== undefined ? 'json' : 'yaml', check.file));
  if (!doc) return { detail: `${check.file} does not parse` };
  const hit = doc.lookup(parsePointer(pointer));
  const at = (detail: string): Failure => (hit ? { detail, line: hit.line } : { detail });
  if (check.equals !== undefined) {
    if (!hit) return { detail: `${where} is missing` };
    return deepEqual(hit.value, check.equals)
      ? null
      : at(`${where} is ${JSON.stringify(hit.value)}, expected ${JSON.stringify(check.equals)}`);
  }
  if (check.satisfies !== undefined) {
    if (!hit) return { detail: `${where} is missing` };
    return satisfies(hit.value, check.satisfies)
      ? null
      : at(`${where} is ${JSON.stringify(hit.value)}, which does not satisfy ${check.satisfies}`);
  }
  const wanted = check.exists ?? true;
  if (wanted === Boolean(hit)) return null;
  return wanted ? { detail: `${where} is missing` } : at(`${where} must not be set`);
}

/** RFC 6901: `/a/b~1c/0` → ['a', 'b/c', 0]. */
export function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

// A version satisfies when it is in the range; a range (engines.node ">=22.15") when the lowest
// version it allows is, so a repo cannot claim support for a runtime the platform dropped.
function satisfies(value: unknown, range: string): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value);
  if (semver.valid(text)) return semver.satisfies(text, range);
  if (semver.validRange(text) === null) return false;
  const lowest = semver.minVersion(text);
  return lowest !== null && semver.satisfies(lowest, range);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
