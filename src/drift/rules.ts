/**
 * The built-in rules: stable ids, default severities, and the words `docs/rules.md`, SARIF and
 * `doctor` show. Dependency-free on purpose, so the docs generator can load it on its own.
 */

export type Category = 'template' | 'ci' | 'observability' | 'secrets' | 'dependencies';
export type Severity = 'error' | 'warning' | 'info';

export const CATEGORY_ORDER: Category[] = [
  'template',
  'ci',
  'observability',
  'secrets',
  'dependencies',
];
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** What a rule is, why it exists and how to fix it; template checks get one too. */
export interface RuleDefinition {
  id: string;
  category: Category;
  severity: Severity;
  /** One line: what a finding of this rule means. */
  title: string;
  /** Why the platform cares. */
  why: string;
  /** How to fix a finding. */
  fix: string;
  /** `builtin`, or `template:<id>` for a check shipped by a template. */
  source: string;
}

const rule = (r: Omit<RuleDefinition, 'source'>): RuleDefinition => ({ ...r, source: 'builtin' });

export const BUILTIN_RULES: RuleDefinition[] = [
  rule({
    id: 'template.not-adopted',
    category: 'template',
    severity: 'error',
    title: 'The repo has no `.platform/service.json`: it is not on the paved road.',
    why: 'Without the state file nothing can tell which template and version the repo follows, so it gets no upgrades and no drift checks.',
    fix: 'Run `platform adopt --template <id>` to link the repo to a template; it never overwrites a file.',
  }),
  rule({
    id: 'template.outdated',
    category: 'template',
    severity: 'warning',
    title: 'A newer version of the template exists. Error when the repo is a major version behind.',
    why: 'New template versions are how fixes, runtime bumps and security updates reach every team; a repo a major behind misses changes the platform no longer backports.',
    fix: 'Run `platform upgrade` (try `--dry-run` first); it merges your changes 3-way.',
  }),
  rule({
    id: 'template.unknown',
    category: 'template',
    severity: 'error',
    title: 'The recorded template or version is not in any catalog.',
    why: 'Drift checks, `--fix`, `diff` and upgrades all re-render the recorded version; if it cannot be found, none of them can work.',
    fix: 'Pass the catalog that holds it with `--catalog`, add it to the `catalogs` config, or re-link with `platform adopt`.',
  }),
  rule({
    id: 'files.managed-modified',
    category: 'template',
    severity: 'error',
    title: 'A managed file differs from the render of the recorded template version.',
    why: 'Managed files (CI workflow, Dockerfile base, instrumentation) are owned by the platform so that fixes land everywhere at once; a local edit is silently lost on upgrade.',
    fix: 'Restore it with `platform doctor --fix`, or propose the change to the template. To keep it on purpose, add a waiver to `.platform/waivers.yaml`.',
  }),
  rule({
    id: 'files.managed-missing',
    category: 'template',
    severity: 'error',
    title: 'A managed file the template renders is missing.',
    why: 'A missing managed file usually means a missing CI job, scan or bootstrap: the guarantee the paved road makes no longer holds.',
    fix: 'Re-add it with `platform doctor --fix`.',
  }),
  rule({
    id: 'files.conflict-markers',
    category: 'template',
    severity: 'error',
    title: 'Merge conflict markers (`<<<<<<<`, `>>>>>>>`) are left in a tracked file.',
    why: 'An upgrade or merge that left markers behind ships broken files.',
    fix: 'Resolve the conflict, remove the markers, and commit.',
  }),
  rule({
    id: 'files.merged-missing',
    category: 'template',
    severity: 'warning',
    title: 'A merged (shared) file the template renders is gone from the repo.',
    why: 'Merged files such as `deploy/service.yaml` or `package.json` are wired into each other; deleting one breaks builds and deploys (`kubectl kustomize deploy/` fails) while every managed file still looks fine. Upgrades keep a deleted file deleted.',
    fix: 'Restore it from git history or from `platform diff`. If it is gone on purpose, say so with a waiver for that file in `.platform/waivers.yaml`, e.g. `- { rule: files.merged-missing, file: deploy/service.yaml, reason: "Served by the shared ingress", owner: team-orders, expires: 2026-12-31 }`.',
  }),
  rule({
    id: 'secrets.env-committed',
    category: 'secrets',
    severity: 'error',
    title: 'A `.env`-style file is tracked by git (`.env.example` is fine).',
    why: '`.env` files hold real secrets for local runs; once committed they live in history forever.',
    fix: 'Run `git rm --cached <file>`, add it to `.gitignore`, and rotate every secret it held. Document variables in `.env.example` instead.',
  }),
  rule({
    id: 'secrets.leaked-credential',
    category: 'secrets',
    severity: 'error',
    title:
      'A high-confidence credential pattern (private key, cloud or forge token) is in a tracked file.',
    why: 'A credential in git is a credential leaked: anyone with read access to the repo, its forks or its history can use it.',
    fix: 'Revoke and rotate the credential first, then remove it from the file and load it from the environment or a secret store.',
  }),
  rule({
    id: 'deps.lockfile-missing',
    category: 'dependencies',
    severity: 'error',
    title:
      'A tracked `package.json` has no committed lockfile beside it (`package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml`, `bun.lock` or `bun.lockb`). In a workspace only the root needs one: a folder whose `package.json` declares `workspaces`, or that has a `pnpm-workspace.yaml`, covers every package below it.',
    why: '`npm ci`, CI dependency caches and the Dockerfile all need the lockfile; without it the first pipeline fails, or installs different versions on every run.',
    fix: "Run `npm install` (or your package manager's install) in that folder and commit the lockfile it writes.",
  }),
  rule({
    id: 'waivers.expired',
    category: 'template',
    severity: 'error',
    title: 'A waiver in `.platform/waivers.yaml` is past its `expires` date.',
    why: 'Waivers are deliberate, temporary detours; an expired one is a detour nobody is looking at any more.',
    fix: 'Fix the waived finding and delete the waiver, or renew it with a new date, reason and owner.',
  }),
];

export const BUILTIN_RULE_IDS = new Set(BUILTIN_RULES.map((r) => r.id));

/** The definition of a built-in rule; throws on a typo, which is a bug. */
export function builtinRule(id: string): RuleDefinition {
  const found = BUILTIN_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`unknown built-in rule ${id}`);
  return found;
}

/** Renders `docs/rules.md` from the definitions, so the two cannot disagree. */
export function renderRulesDoc(): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated by `npm run docs:rules` from src/drift/rules.ts. Do not edit by hand. -->',
    '',
    '`platform doctor` and `platform check` report findings under these stable rule ids.',
    'Severities can be overridden in config (`rules: { "<id>": "off|info|warning|error" }`),',
    'and a finding can be waived in `.platform/waivers.yaml`. Templates add their own rules',
    'with `checks:` in `template.yaml`; `platform templates show <id>` lists them.',
    '',
    '| id | category | default severity |',
    '| --- | --- | --- |',
    ...BUILTIN_RULES.map(
      (r) => `| [\`${r.id}\`](#${anchor(r.id)}) | ${r.category} | ${r.severity} |`,
    ),
    '',
  ];
  for (const r of BUILTIN_RULES)
    lines.push(
      `## ${r.id}`,
      '',
      `${r.title}`,
      '',
      `- **Category**: ${r.category}`,
      `- **Default severity**: ${r.severity}`,
      `- **Why it exists**: ${r.why}`,
      `- **How to fix**: ${r.fix}`,
      '',
    );
  lines.push(
    '## Waivers',
    '',
    'A team that leaves the paved road on purpose says so in `.platform/waivers.yaml`. A waived',
    'finding is still reported, as suppressed (SARIF `suppressions`, a notice on GitHub, a skipped',
    'junit testcase); it no longer fails the check. A waiver past its date suppresses nothing and',
    'raises `waivers.expired`.',
    '',
    '```yaml',
    'waivers:',
    '  - rule: files.managed-modified # required: the rule id',
    '    file: Dockerfile # optional: waive this file only',
    '    reason: Needs a native toolchain until the base image ships one. # required',
    '    owner: team-orders # required',
    '    expires: 2026-12-31 # required, YYYY-MM-DD; valid through that day',
    '    ticket: OPS-123 # optional',
    '```',
    '',
  );
  return lines.join('\n');
}

function anchor(id: string): string {
  return id.replace(/[^a-z0-9-]/g, '');
}
