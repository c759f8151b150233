import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import { execa } from 'execa';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRepo } from '../../src/drift/check-repo.js';
import { summarizeFleet } from '../../src/drift/fleet.js';
import type { CheckReport } from '../../src/report/check-report.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { GITLAB_CATEGORY, gitlabIssues } from '../../src/report/gitlab.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif, sarifLog } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { ROOT, isolatedEnv } from '../helpers/run-bin.js';
import { gitdir, testdir, writeTree } from '../helpers/testdir.js';
import { commit, copyRepo, renderService, templateCatalog } from '../drift/fixtures.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS: under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: unknown[];
}
interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string } }[] } };
    results: SarifResult[];
  }[];
}
const resultFor = (log: SarifLog, ruleId: string): SarifResult => {
  const found = log.runs[0]!.results.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
};
// GitLab Code Quality's categories, from its report format.
const CODE_QUALITY = [
  'Bug Risk',
  'Clarity',
  'Compatibility',
  'Complexity',
  'Duplication',
  'Performance',
  'Security',
  'Style',
];
const NOW = new Date('2026-06-01T12:00:00Z');
let single: CheckReport;
let fleet: CheckReport;

beforeAll(async () => {
  const catalog = await templateCatalog(['1.0.0', '1.1.0']);
  const env = await isolatedEnv();
  const base = await renderService(catalog, '1.0.0');
  const drifting = await copyRepo(base);
  await writeTree(drifting, {
    Dockerfile: 'FROM node:latest\n',
    'config/a,b:c%.env': 'X=1\n',
    '.platform/waivers.yaml':
      'waivers:\n  - rule: ci.no-latest-tag\n    reason: "Pinned | later, 100%"\n    owner: team-orders\n    expires: 2026-12-31\n',
    // A rule the repo turned off: SARIF carries it as a rule configuration override.
    '.platformrc.json': '{"rules": {"waivers.expired": "off"}}\n',
  });
  commit(drifting);
  const check = async (root: string) =>
    (await checkRepo({ root, catalogs: [catalog], env, now: NOW, cwd: path.dirname(root) })).report;
  const repo = await check(drifting);
  single = { repos: [{ ...repo, name: '.' }], skipped: [], failOn: 'error', cliVersion: '0.1.0' };
  const bare = await check(await gitdir({ 'README.md': '# legacy\n' }));
  const repos = [repo, bare];
  fleet = {
    repos,
    skipped: [{ path: 'not-a-repo', reason: 'not a git repository' }],
    summary: summarizeFleet(repos, 1),
    failOn: 'error',
    cliVersion: '0.1.0',
  };
});

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema from a registry package', async () => {
    const schema = JSON.parse(
      await readFile(
        require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
        'utf8',
      ),
    ) as object;
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const validate = ajv.compile(schema);
    for (const report of [single, fleet]) {
      const log: unknown = JSON.parse(formatSarif(report));
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  it('describes rules, locates files repo-relative, fingerprints and suppresses waived findings', () => {
    const log = sarifLog(single) as unknown as SarifLog;
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toContain('files.managed-modified');
    expect(rules.every((r) => r.help.text.includes('How to fix'))).toBe(true);
    const modified = resultFor(log, 'files.managed-modified');
    expect(modified.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'Dockerfile',
      uriBaseId: '%SRCROOT%',
    });
    expect(rules[modified.ruleIndex]!.id).toBe('files.managed-modified');
    expect(modified.partialFingerprints['platformFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    const outdated = resultFor(log, 'template.outdated');
    expect(outdated.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      '.platform/service.json',
    );
    const waived = resultFor(log, 'ci.no-latest-tag');
    expect(waived.suppressions).toEqual([
      expect.objectContaining({ kind: 'external', status: 'accepted' }),
    ]);
    expect(waived.locations[0]!.physicalLocation.region).toEqual({ startLine: 1, endLine: 1 });
    // A finding about a whole file still gets a region (SARIF2017), the file's first line.
    expect(outdated.locations[0]!.physicalLocation.region).toEqual({ startLine: 1, endLine: 1 });
    // Stable across runs: the same finding gets the same fingerprint.
    expect(JSON.stringify(sarifLog(single))).toBe(JSON.stringify(log));
  });

  it('lists the rules the repo turned off as configuration overrides', () => {
    const log = sarifLog(single) as unknown as {
      runs: { invocations: { ruleConfigurationOverrides: unknown[] }[] }[];
    };
    expect(log.runs[0]!.invocations[0]!.ruleConfigurationOverrides).toEqual([
      {
        descriptor: { id: 'waivers.expired' },
        configuration: { enabled: false },
        properties: { repo: '.', file: '.platformrc.json' },
      },
    ]);
  });

  it('passes the SARIF multitool validator without a warning', async () => {
    const dir = await testdir();
    const files = ['single.sarif', 'fleet.sarif'].map((f) => path.join(dir, f));
    await writeFile(files[0]!, formatSarif(single));
    await writeFile(files[1]!, formatSarif(fleet));
    const verdict = path.join(dir, 'verdict.sarif');
    const run = await execa(
      path.join(ROOT, 'node_modules/.bin/sarif-multitool'),
      ['validate', ...files, '--output', verdict],
      { reject: false },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    const { runs } = JSON.parse(await readFile(verdict, 'utf8')) as {
      runs: { results?: { ruleId: string; message: { text: string } }[] }[];
    };
    const problems = runs.flatMap((r) => r.results ?? []);
    expect(problems.map((p) => `${p.ruleId}: ${p.message.text}`)).toEqual([]);
  }, 120_000);

  it('prefixes each repo in a fleet', () => {
    const uris = (sarifLog(fleet) as unknown as SarifLog).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris.some((u) => /\/Dockerfile$/.test(u) && u !== 'Dockerfile')).toBe(true);
  });
});

describe('github', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  it('prints the top findings first, waived ones as notices, and a step summary table', () => {
    const { annotations, stepSummary } = formatGithub(single);
    const lines = annotations.trim().split('\n');
    const kinds = lines.map((l) => /^::(\w+) /.exec(l)![1]);
    expect(kinds).toEqual([...kinds].sort((a, b) => order(a!) - order(b!)));
    expect(kinds[0]).toBe('error');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::error file=config\/a%2Cb%3Ac%25\.env,title=secrets\.env-committed::/,
      ),
    );
    const notice = lines.find((l) => l.startsWith('::notice'))!;
    expect(notice).toContain('title=ci.no-latest-tag (waived)');
    expect(notice).toContain('Pinned | later, 100%25');
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(stepSummary).toContain('| Severity | Rule | File | Finding | Fix |');
  });
});

function order(kind: string): number {
  return ['error', 'warning', 'notice'].indexOf(kind);
}

describe('gitlab', () => {
  it('writes Code Quality issues without the waived ones', () => {
    const issues = gitlabIssues(single);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue).toMatchObject({
        type: 'issue',
        check_name: expect.any(String),
        description: expect.any(String),
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: expect.stringMatching(/^(info|minor|major|critical|blocker)$/),
        location: { path: expect.any(String), lines: { begin: expect.any(Number) } },
      });
    }
    expect(issues.map((i) => i.check_name)).not.toContain('ci.no-latest-tag');
    const categoryOf = (rule: string) => issues.find((i) => i.check_name === rule)?.categories;
    expect(categoryOf('secrets.env-committed')).toEqual(['Security']);
    expect(categoryOf('files.managed-modified')).toEqual(['Style']);
    expect(Object.values(GITLAB_CATEGORY).every((c) => CODE_QUALITY.includes(c))).toBe(true);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });
});

describe('junit', () => {
  it('parses, with one testcase per rule per repo', () => {
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(formatJunit(fleet)) as {
      testsuites: {
        '@_tests': string;
        '@_failures': string;
        testsuite: { '@_name': string; testcase: Record<string, unknown>[] }[];
      };
    };
    const suites = parsed.testsuites.testsuite;
    expect(suites).toHaveLength(2);
    for (const [i, suite] of suites.entries()) {
      const names = suite.testcase.map((c) => c['@_name']);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(fleet.repos[i]!.rules.map((r) => r.id));
    }
    const cases = suites[0]!.testcase;
    expect(cases.find((c) => c['@_name'] === 'files.managed-modified')).toHaveProperty('failure');
    expect(cases.find((c) => c['@_name'] === 'ci.no-latest-tag')).toHaveProperty('skipped');
    expect(cases.find((c) => c['@_name'] === 'template.outdated')).toHaveProperty('system-out');
    expect(suites[1]!.testcase.find((c) => c['@_name'] === 'template.not-adopted')).toHaveProperty(
      'failure',
    );
    expect(Number(parsed.testsuites['@_failures'])).toBeGreaterThanOrEqual(3);
    // Classes are rule categories, so viewers group by them, not by the repo again.
    const rules = new Map(fleet.repos[0]!.rules.map((r) => [r.id, r.category]));
    for (const c of cases)
      expect(c['@_classname']).toBe(`platform.${rules.get(String(c['@_name']))}`);
  });

  it('names the suite after the repo folder, never "."', () => {
    const xml = formatJunit(single);
    expect(xml).toContain(`<testsuite name="${path.basename(single.repos[0]!.root)}"`);
    expect(xml).not.toContain('name="."');
  });
});

describe('markdown, json and text', () => {
  it('markdown has a findings table with escaped pipes and a fleet table', () => {
    const md = formatMarkdown(fleet);
    expect(md).toMatch(/^## ❌ Paved road check:/);
    expect(md).toContain('| Repos | On the road | Drifting | Outdated | Not adopted |');
    expect(md).toContain('Pinned \\| later');
    expect(md).toContain('`files.managed-modified`');
  });

  it('json is one document with schemaVersion, relative paths and the fleet summary', () => {
    const doc = JSON.parse(formatJson(fleet)) as {
      summary: { versions: Record<string, number> };
    };
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'check', ok: false, failOn: 'error' });
    expect(doc.summary).toMatchObject({
      repos: 2,
      drifting: 1,
      notAdopted: 1,
      outdated: 1,
      skipped: 1,
    });
    expect(doc.summary.versions).toEqual({ 'svc@1.0.0': 1 });
    expect(JSON.stringify(doc)).not.toContain(path.sep === '/' ? '/tmp/' : 'Temp');
  });

  it('text groups by category and ends with a verdict; fleets end with a summary', async () => {
    const text = formatText(single);
    expect(text).toMatch(/\[✗\] Template and managed files/);
    expect(text).toMatch(/\[✗\] Secrets/);
    expect(text).toMatch(/\[~\] Waived \(1\)/);
    expect(text.trim().split('\n').at(-1)).toMatch(/^✗ Off the paved road: \d+ errors/);
    expect(formatText(fleet)).toMatch(
      /Fleet: 2 repos · 0 on the road · 1 drifting · 1 outdated · 1 not adopted · 1 skipped/,
    );
    await writeFile('/dev/null', text);
  });
});
