import * as semver from '../catalog/semver.js';
import { STATE_FILE } from '../state/service-state.js';
import { WAIVERS_FILE } from '../state/waivers.js';
import type { TakeTurn } from '../event-loop-turns.js';
import type { RepoFacts } from './facts.js';
import type { RawFinding } from './finding.js';
import { lockfileMissing } from './lockfile-rule.js';
import { lineAt } from '../text-lines.js';

/**
 * A built-in rule's logic: facts in, findings out, nothing else. A rule that scans every text
 * calls `takeTurn` once per file, so a huge repo does not keep Ctrl-C waiting.
 */
export type RuleCheck = (
  facts: RepoFacts,
  takeTurn: TakeTurn,
) => RawFinding[] | Promise<RawFinding[]>;

const notAdopted: RuleCheck = (facts) =>
  facts.state
    ? []
    : [
        {
          ruleId: 'template.not-adopted',
          message: `No ${STATE_FILE}: this repo is not linked to a paved-road template.`,
          file: STATE_FILE,
          fix: 'Run `platform adopt --template <id>`.',
        },
      ];

const outdated: RuleCheck = ({ template }) => {
  if (template.kind !== 'found' || !semver.gt(template.latest, template.version)) return [];
  const majorBehind = semver.major(template.latest) > semver.major(template.version);
  return [
    {
      ruleId: 'template.outdated',
      severity: majorBehind ? 'error' : 'warning',
      message: `${template.id}@${template.version} is ${majorBehind ? 'a major version behind' : 'behind'} the latest ${template.latest}.`,
      file: STATE_FILE,
      fix: `Run \`platform upgrade --to ${template.latest}\` (try --dry-run first).`,
    },
  ];
};

const unknown: RuleCheck = ({ template }) =>
  template.kind === 'unknown'
    ? [
        {
          ruleId: 'template.unknown',
          message: `${template.id}@${template.version} is not in any catalog: ${template.reason}`,
          file: STATE_FILE,
          fix:
            template.hint ??
            'Pass the catalog that holds it with --catalog, or add it to the catalogs config.',
        },
      ]
    : [];

const managedModified: RuleCheck = (facts) =>
  facts.managed
    // Bytes that still hash to what the state file recorded are what the CLI rendered: the
    // template changed since (a release edited in place), not the team.
    .filter(
      (f) =>
        f.actualSha256 !== null &&
        f.actualSha256 !== f.expectedSha256 &&
        f.actualSha256 !== f.recordedSha256,
    )
    .map((f) => ({
      ruleId: 'files.managed-modified',
      message: 'Managed by the template, but differs from its render.',
      file: f.path,
      fix: f.restorable
        ? 'Restore it with `platform doctor --fix` (see the change with `platform diff`), or waive it.'
        : 'Restore it from the template, or waive it.',
      fixable: f.restorable,
    }));

const managedMissing: RuleCheck = (facts) =>
  facts.managed
    .filter((f) => f.actualSha256 === null)
    .map((f) => ({
      ruleId: 'files.managed-missing',
      message: 'Managed by the template, but missing.',
      file: f.path,
      fix: f.restorable
        ? 'Re-add it with `platform doctor --fix`.'
        : 'Re-add it from the template.',
      fixable: f.restorable,
    }));

const mergedMissing: RuleCheck = (facts) =>
  facts.mergedMissing.map((file) => ({
    ruleId: 'files.merged-missing',
    message: 'A shared (merged) file of the template is gone from the repo.',
    file,
    fix: `Restore it from the render with \`platform doctor --fix\`, or say it is gone on purpose with a waiver in ${WAIVERS_FILE}: \`- { rule: files.merged-missing, file: ${file}, reason: …, owner: …, expires: YYYY-MM-DD }\`.`,
    // The recorded render has the file, and it is gone: re-adding it loses nothing.
    fixable: facts.render !== undefined,
  }));

const CONFLICT = /^(<{7}|>{7})(?: |$)/m;

const conflictMarkers: RuleCheck = async (facts, takeTurn) => {
  const found: RawFinding[] = [];
  for (const [file, text] of facts.texts) {
    await takeTurn();
    const match = CONFLICT.exec(text);
    if (!match) continue;
    found.push({
      ruleId: 'files.conflict-markers',
      message: 'Merge conflict markers are left in this file.',
      file,
      line: lineAt(text, match.index),
      fix: 'Resolve the conflict and remove the markers.',
    });
  }
  return found;
};

const ENV_ALLOWED = /\.(example|sample|template|dist|defaults)$/;

const envCommitted: RuleCheck = (facts) =>
  facts.tracked
    .filter((file) => {
      const base = file.slice(file.lastIndexOf('/') + 1);
      const envLike = base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
      return envLike && !ENV_ALLOWED.test(base);
    })
    .map((file) => ({
      ruleId: 'secrets.env-committed',
      message: 'A .env file is tracked by git; .env files hold secrets.',
      file,
      fix: `Run \`git rm --cached ${file}\`, ignore it, rotate its secrets, and document variables in .env.example.`,
    }));

/** High-confidence patterns only: each has a fixed prefix or structure, so false alarms are rare. */
export const CREDENTIAL_PATTERNS: { name: string; pattern: RegExp }[] = [
  {
    name: 'a private key',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----/,
  },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  {
    name: 'a GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/,
  },
  { name: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abpors]-[0-9A-Za-z-]{10,}\b/ },
  { name: 'a Stripe live key', pattern: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
];

const leakedCredential: RuleCheck = async (facts, takeTurn) => {
  const found: RawFinding[] = [];
  for (const [file, text] of facts.texts) {
    await takeTurn();
    for (const { name, pattern } of CREDENTIAL_PATTERNS) {
      const match = pattern.exec(text);
      if (!match) continue;
      found.push({
        ruleId: 'secrets.leaked-credential',
        // Never echo the secret itself: reports end up in CI logs and PR comments.
        message: `This file contains what looks like ${name}.`,
        file,
        line: lineAt(text, match.index),
        fix: 'Revoke and rotate it, then remove it from the file and from history.',
      });
    }
  }
  return found;
};

const waiversExpired: RuleCheck = (facts) =>
  facts.waivers
    .filter((w) => w.expires < facts.today)
    .map((w) => ({
      ruleId: 'waivers.expired',
      message: `The waiver of ${w.rule}${w.file ? ` for ${w.file}` : ''} (owner ${w.owner}) expired on ${w.expires}.`,
      file: WAIVERS_FILE,
      ...(w.line !== undefined && { line: w.line }),
      fix: 'Fix the finding and delete the waiver, or renew it with a new date and reason.',
    }));

/** Every built-in rule's logic, by id. */
export const BUILTIN_CHECKS: Record<string, RuleCheck> = {
  'template.not-adopted': notAdopted,
  'template.outdated': outdated,
  'template.unknown': unknown,
  'files.managed-modified': managedModified,
  'files.managed-missing': managedMissing,
  'files.conflict-markers': conflictMarkers,
  'secrets.env-committed': envCommitted,
  'secrets.leaked-credential': leakedCredential,
  'waivers.expired': waiversExpired,
  'deps.lockfile-missing': lockfileMissing,
  'files.merged-missing': mergedMissing,
};
