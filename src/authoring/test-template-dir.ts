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
import { prepareRegexes } from '../untrusted-regex.js';
import { upgradeService } from '../upgrade/upgrade-service.js';
import { answerMatrix, sampleAnswers, type AnswerCombination } from './answer-matrix.js';
import { runRenderScripts } from './render-scripts.js';
import { validateTemplateDir } from './validate-template-dir.js';

/** One step of `platform templates test`: passed, failed (with what failed) or skipped. */
export interface TemplateTestStep {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  details: string[];
  /** Why a skipped step was skipped. */
  reason?: string;
}

/** One render of the matrix and what was checked on it. */
export interface CombinationResult extends AnswerCombination {
  steps: TemplateTestStep[];
  ok: boolean;
}

export interface TemplateTestResult {
  template: { id: string; version: string } | null;
  /** The answers of the defaults render: `--set` values, then samples for required parameters. */
  answers: Record<string, string>;
  validation: TemplateTestStep;
  combinations: CombinationResult[];
  upgrade: TemplateTestStep | null;
  ok: boolean;
}

export interface TemplateTestOptions {
  /** `--set key=value`: fixed in every render, instead of a sample or a varied choice. */
  set: string[];
  /** Also run each render's own install, `test` and `build`. */
  run?: boolean;
  cliVersion: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Tests a template version folder of a catalog (`<catalog>/<id>/<version>`): validates it,
 * renders the defaults and every other enum and boolean choice into a temp folder, runs the
 * drift check on each render (its own `checks:` included), optionally the render's own
 * install, test and build, and upgrades a render of the previous version to it, which must
 * merge without conflicts and end on the road. Nothing outside the temp folder is written.
 */
export async function testTemplateDir(
  dir: string,
  options: TemplateTestOptions,
): Promise<TemplateTestResult> {
  const validation = await validateTemplateDir(dir);
  const validated = step('validates (manifest, variables, paths)', validation.problems);
  const manifest = validation.manifest;
  if (!manifest || validation.problems.length > 0)
    return {
      template: null,
      answers: {},
      validation: validated,
      combinations: [],
      upgrade: null,
      ok: false,
    };
  const catalog = catalogRootOf(dir, manifest);
  const given = parseSetFlags(options.set);
  await prepareRegexes(manifest.parameters.map((p) => p.pattern));
  const matrix = answerMatrix(manifest.parameters, given);
  const work = mkdtempSync(path.join(os.tmpdir(), 'platform-template-test-'));
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  const forget = onInterrupt(removeWork);
  try {
    const combinations: CombinationResult[] = [];
    for (const [i, combination] of matrix.entries())
      combinations.push(
        await testCombination(manifest, combination, path.join(work, `render-${i}`), {
          work,
          catalog,
          options,
        }),
      );
    const upgrade = await upgradeStep(manifest, catalog, given, work, options);
    const ok = combinations.every((c) => c.ok) && upgrade.status !== 'failed';
    return {
      template: { id: manifest.id, version: manifest.version },
      answers: matrix[0]!.answers,
      validation: validated,
      combinations,
      upgrade,
      ok,
    };
  } finally {
    forget();
    removeWork();
  }
}

async function testCombination(
  manifest: Manifest,
  combination: AnswerCombination,
  render: string,
  context: { work: string; catalog: string; options: TemplateTestOptions },
): Promise<CombinationResult> {
  const { work, catalog, options } = context;
  const rendered = await createService({
    cwd: work,
    directory: render,
    template: `${manifest.id}@${manifest.version}`,
    set: toSet(combination.answers),
    catalogs: [catalog],
    install: false,
    cliVersion: options.cliVersion,
    ...(options.env && { env: options.env }),
  }).then(
    () => [],
    (error: unknown) => {
      // Missing answers stop the whole test (exit 2); a render this combination breaks fails it.
      if (!(error instanceof UserError) || error.code === 'ANSWERS') throw error;
      return [error.message, ...error.details];
    },
  );
  if (rendered.length > 0) return { ...combination, steps: [step('renders', rendered)], ok: false };
  const steps = [
    step('renders', []),
    step('passes its checks', await roadProblems(render, work, catalog)),
    ...(options.run ? await runRenderScripts(render) : []),
  ];
  return { ...combination, steps, ok: steps.every((s) => s.status !== 'failed') };
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
    return {
      name: 'upgrades from the previous version',
      status: 'skipped',
      details: [],
      reason: 'no earlier version',
    };
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

const pick = (given: Record<string, string>, parameters: readonly Parameter[]) =>
  Object.fromEntries(Object.entries(given).filter(([k]) => parameters.some((p) => p.name === k)));
const toSet = (answers: Record<string, string>) =>
  Object.entries(answers).map(([k, v]) => `${k}=${v}`);
