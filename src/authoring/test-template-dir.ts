import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSetFlags } from '../answers/collect-answers.js';
import type { Manifest, Parameter } from '../catalog/manifest.js';
import { DirCatalog } from '../catalog/dir-catalog.js';
import { lt, rcompare } from '../catalog/semver.js';
import { createService } from '../create/create-service.js';
import { checkRepo } from '../drift/check-repo.js';
import type { Finding } from '../drift/finding.js';
import { UserError } from '../errors.js';
import { onInterrupt } from '../interrupt-cleanup.js';
import { compileRegex, prepareRegexes } from '../untrusted-regex.js';
import { upgradeService } from '../upgrade/upgrade-service.js';
import { validateTemplateDir } from './validate-template-dir.js';

/** One step of `platform templates test`: passed, failed (with what failed) or skipped. */
export interface TemplateTestStep {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  details: string[];
}

export interface TemplateTestResult {
  template: { id: string; version: string } | null;
  /** The answers the render used: `--set` values, then samples for required parameters. */
  answers: Record<string, string>;
  steps: TemplateTestStep[];
  ok: boolean;
}

export interface TemplateTestOptions {
  /** `--set key=value`, for parameters whose sample value does not fit. */
  set: string[];
  cliVersion: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Tests a template version folder of a catalog (`<catalog>/<id>/<version>`): validates it,
 * renders it with sample answers into a temp folder, runs the drift check on the render (its
 * own `checks:` included), and upgrades a render of the previous version to it, which must
 * merge without conflicts and end on the road. Nothing outside the temp folder is written.
 */
export async function testTemplateDir(
  dir: string,
  options: TemplateTestOptions,
): Promise<TemplateTestResult> {
  const validation = await validateTemplateDir(dir);
  const steps: TemplateTestStep[] = [
    step('validates (manifest, variables, paths)', validation.problems),
  ];
  const manifest = validation.manifest;
  if (!manifest || validation.problems.length > 0)
    return { template: null, answers: {}, steps, ok: false };
  const catalog = catalogRootOf(dir, manifest);
  const given = parseSetFlags(options.set);
  await prepareRegexes(manifest.parameters.map((p) => p.pattern));
  const answers = sampleAnswers(manifest.parameters, given);
  const work = mkdtempSync(path.join(os.tmpdir(), 'platform-template-test-'));
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  const forget = onInterrupt(removeWork);
  try {
    const render = path.join(work, 'render');
    await createService({
      cwd: work,
      directory: render,
      template: `${manifest.id}@${manifest.version}`,
      set: toSet(answers),
      catalogs: [catalog],
      install: false,
      cliVersion: options.cliVersion,
      ...(options.env && { env: options.env }),
    });
    steps.push(step(`renders with ${describe(answers)}`, []));
    steps.push(step('the render passes its checks', await roadProblems(render, work, catalog)));
    steps.push(await upgradeStep(manifest, catalog, given, work, options));
  } finally {
    forget();
    removeWork();
  }
  return {
    template: { id: manifest.id, version: manifest.version },
    answers,
    steps,
    ok: steps.every((s) => s.status !== 'failed'),
  };
}

// A render of the previous version, upgraded to this one: no conflicts, and on the road after.
async function upgradeStep(
  manifest: Manifest,
  catalog: string,
  given: Record<string, string>,
  work: string,
  options: TemplateTestOptions,
): Promise<TemplateTestStep> {
  const previous = await previousVersion(catalog, manifest);
  if (!previous)
    return { name: 'upgrades from the previous version', status: 'skipped', details: [] };
  const name = `upgrades from ${previous.version}`;
  const dir = path.join(work, 'previous');
  await createService({
    cwd: work,
    directory: dir,
    template: `${manifest.id}@${previous.version}`,
    set: toSet(sampleAnswers(previous.parameters, pick(given, previous.parameters))),
    catalogs: [catalog],
    install: false,
    cliVersion: options.cliVersion,
    ...(options.env && { env: options.env }),
  });
  // Only parameters the previous version lacks need values; the rest are recorded.
  const added = manifest.parameters.filter(
    (p) => !previous.parameters.some((q) => q.name === p.name),
  );
  const result = await upgradeService({
    cwd: work,
    dir,
    to: manifest.version,
    set: toSet(sampleAnswers(added, pick(given, added))),
    catalogs: [catalog],
    allowDirty: true,
    cliVersion: options.cliVersion,
    ...(options.env && { env: options.env }),
  });
  if (result.kind !== 'upgrade')
    return step(name, [`expected an upgrade to ${manifest.version}, got "${result.kind}"`]);
  const conflicts = (result.applied?.conflicts ?? []).map(
    (file) => `${file}: conflicts with the previous version's render`,
  );
  return step(name, [...conflicts, ...(await roadProblems(dir, work, catalog))]);
}

/** Findings at error severity, except `template.outdated` (a newer version may well exist) and the lockfile. */
async function roadProblems(root: string, cwd: string, catalog: string): Promise<string[]> {
  const { report } = await checkRepo({ root, cwd, catalogs: [catalog] });
  return report.findings.filter(blocking).map((f) => `${f.ruleId}: ${f.message}`);
}

// The test renders without installing, so there is no lockfile yet; `--run` installs.
const blocking = (f: Finding) =>
  !f.waived &&
  f.severity === 'error' &&
  f.ruleId !== 'template.outdated' &&
  f.ruleId !== 'deps.lockfile-missing';

const step = (name: string, problems: string[]): TemplateTestStep => ({
  name,
  status: problems.length > 0 ? 'failed' : 'passed',
  details: problems,
});

function catalogRootOf(dir: string, manifest: Manifest): string {
  const resolved = path.resolve(dir);
  if (path.basename(resolved) !== manifest.version)
    throw new UserError(
      'INPUT',
      `${dir} is not laid out as <catalog>/<id>/<version>`,
      `Put the template in a catalog folder, e.g. templates/${manifest.id}/${manifest.version}/.`,
    );
  return path.dirname(path.dirname(resolved));
}

async function previousVersion(
  catalog: string,
  manifest: Manifest,
): Promise<{ version: string; parameters: Parameter[] } | undefined> {
  const folder = new DirCatalog(catalog, catalog);
  const older = (await folder.versions(manifest.id))
    .filter((v) => lt(v, manifest.version))
    .sort(rcompare);
  const version = older[0];
  if (!version) return undefined;
  return { version, parameters: (await folder.open(manifest.id, version)).manifest.parameters };
}

/**
 * Answers for a test render: what `--set` gave, then a sample for each required parameter
 * without a default (the first choice, `false`, `0`, or a name that fits the pattern).
 */
function sampleAnswers(
  parameters: readonly Parameter[],
  given: Record<string, string>,
): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const p of parameters) {
    if (given[p.name] !== undefined) answers[p.name] = given[p.name]!;
    else if (p.required && p.default === undefined) {
      const sample = sampleFor(p);
      if (sample !== undefined) answers[p.name] = sample;
    }
  }
  return answers;
}

function sampleFor(p: Parameter): string | undefined {
  if (p.type === 'enum') return String(p.choices![0]);
  if (p.type === 'boolean') return 'false';
  if (p.type === 'number') return '0';
  const candidates = ['sample-service', 'sample', 'SampleService', 'sample_service', 's'];
  return candidates.find((c) => !p.pattern || compileRegex(p.pattern).test(c));
}

const pick = (given: Record<string, string>, parameters: readonly Parameter[]) =>
  Object.fromEntries(Object.entries(given).filter(([k]) => parameters.some((p) => p.name === k)));
const toSet = (answers: Record<string, string>) =>
  Object.entries(answers).map(([k, v]) => `${k}=${v}`);
const describe = (answers: Record<string, string>) =>
  Object.keys(answers).length === 0
    ? 'the defaults'
    : `the defaults and ${toSet(answers).join(', ')}`;
