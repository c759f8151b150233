import path from 'node:path';
import { catalogsFor } from '../../catalog/command-catalogs.js';
import { parseTemplateRef, resolveTemplate, sortVersions } from '../../catalog/resolve-template.js';
import { summarizeTemplates } from '../../catalog/template-summary.js';
import type { TemplateTestStep } from '../../authoring/test-template-dir.js';
import { CLI_VERSION } from '../../version.js';
import { createOutput } from '../output.js';
import { setProblemsFound } from '../exit.js';

interface Flags {
  catalog?: string[];
  json?: boolean;
}

/** `platform templates list`. */
export async function runTemplatesList(flags: Flags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const { catalogs } = await catalogsFor({ cwd: process.cwd(), flags: flags.catalog ?? [] });
  const templates = await summarizeTemplates(catalogs);
  if (output.json) return output.document({ templates });
  const { out } = output;
  if (templates.length === 0)
    return output.print('No templates found. Add a catalog with --catalog or in your config.');
  const width = Math.max(...templates.map((t) => t.id.length));
  for (const t of templates)
    output.print(
      `${out.bold(t.id.padEnd(width))}  ${out.cyan(t.latest.padEnd(8))} ${t.description} ${out.dim(`[${t.catalog}; ${t.versions.length} version${t.versions.length === 1 ? '' : 's'}]`)}`,
    );
  for (const t of templates)
    for (const b of t.broken ?? [])
      output.warn(`${t.id}@${b.version} is left out: ${b.reason}. Fix its template.yaml.`);
}

/** `platform templates show <id[@range]>`. */
export async function runTemplatesShow(refText: string, flags: Flags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const ref = parseTemplateRef(refText);
  const { catalogs } = await catalogsFor({ cwd: process.cwd(), flags: flags.catalog ?? [] });
  const source = await resolveTemplate(catalogs, ref);
  const manifest = source.manifest;
  const catalog = catalogs.find(
    (c) => c.kind === source.catalogKind && (c.kind !== 'git' || c.source === source.catalog),
  );
  const versions = sortVersions(catalog ? await catalog.versions(ref.id) : [manifest.version]);
  if (output.json)
    return output.document({
      template: manifest,
      versions,
      catalog: catalog?.source ?? source.catalog,
    });
  const { out } = output;
  output.print(`${out.bold(manifest.name)} ${out.cyan(`${manifest.id}@${manifest.version}`)}`);
  output.print(manifest.description);
  output.print(`\n${out.bold('Versions')}: ${versions.join(', ')}`);
  output.print(`\n${out.bold('Parameters')}:`);
  for (const p of manifest.parameters) {
    const facts = [
      p.type === 'enum' ? `one of ${p.choices?.join('|')}` : p.type,
      p.required ? 'required' : null,
      p.default !== undefined ? `default ${JSON.stringify(p.default)}` : null,
    ].filter(Boolean);
    output.print(
      `  ${out.cyan(`--set ${p.name}=`)}  ${facts.join(', ')}${p.help ? out.dim(`  ${p.help}`) : ''}`,
    );
  }
  output.print(
    `\n${out.bold('Files')}: managed ${JSON.stringify(manifest.files.managed)}, seeded ${JSON.stringify(manifest.files.seeded)}, every other file merged`,
  );
  if (manifest.checks.length > 0) {
    output.print(`\n${out.bold('Checks')}:`);
    for (const c of manifest.checks) {
      // Two checks may share an id under different `when:` answers; the condition tells them apart.
      const when = Object.entries(c.when ?? {}).map(([k, v]) => `${k}=${String(v)}`);
      output.print(
        `  ${c.id} ${out.dim(`(${c.severity}${when.length ? `; when ${when.join(', ')}` : ''})`)} ${c.message}`,
      );
    }
  }
}

/** `platform templates new <dir>`. */
export async function runTemplatesNew(
  dir: string,
  flags: Flags & { id?: string; from?: string },
): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const { newTemplate } = await import('../../authoring/new-template.js');
  const result = await newTemplate({
    cwd: process.cwd(),
    dir,
    ...(flags.id && { id: flags.id }),
    ...(flags.from && { from: flags.from }),
    catalogs: flags.catalog ?? [],
  });
  if (output.json) return output.document({ command: 'templates new', ...result });
  const { out } = output;
  const shown = path.relative(process.cwd(), result.dir) || '.';
  output.print(
    `${out.green('✔')} Wrote ${result.id}@1.0.0 to ${shown}${result.from ? ` from ${result.from}` : ''}: ${result.files.length} files.`,
  );
  output.print(
    `\nNext:\n  platform templates validate ${shown}\n  platform templates test ${shown}`,
  );
}

/** `platform templates validate <dir>`: exit 1 when the template has problems. */
export async function runTemplatesValidate(dir: string, flags: Flags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const { validateTemplateDir } = await import('../../authoring/validate-template-dir.js');
  const result = await validateTemplateDir(path.resolve(dir));
  setProblemsFound(result.problems.length > 0);
  const name = result.manifest ? `${result.manifest.id}@${result.manifest.version}` : dir;
  if (output.json)
    return output.document({
      command: 'templates validate',
      dir: result.dir,
      template: result.manifest
        ? { id: result.manifest.id, version: result.manifest.version }
        : null,
      valid: result.problems.length === 0,
      problems: result.problems,
    });
  const { out } = output;
  if (result.problems.length === 0)
    return output.print(
      `${out.green('✔')} ${name} is valid: ${result.files} files, ${result.manifest!.parameters.length} parameters, ${result.manifest!.checks.length} checks.`,
    );
  output.print(`${out.red('✖')} ${name} has ${result.problems.length} problem(s):`);
  for (const problem of result.problems) output.print(`  ${problem}`);
}

/** `platform templates test <dir>`: exit 1 when a step fails. */
export async function runTemplatesTest(
  dir: string,
  flags: Flags & { set?: string[]; run?: boolean },
): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const { testTemplateDir } = await import('../../authoring/test-template-dir.js');
  const result = await testTemplateDir(path.resolve(dir), {
    set: flags.set ?? [],
    run: Boolean(flags.run),
    cliVersion: CLI_VERSION,
  });
  setProblemsFound(!result.ok);
  if (output.json) return output.document({ command: 'templates test', ...result });
  const { out } = output;
  const name = result.template ? `${result.template.id}@${result.template.version}` : dir;
  const marks = { passed: out.green('✔'), failed: out.red('✖'), skipped: out.dim('–') };
  const printStep = (s: TemplateTestStep, indent: string) => {
    output.print(
      `${indent}${marks[s.status]} ${s.name}${s.reason ? out.dim(` (skipped: ${s.reason})`) : ''}`,
    );
    for (const detail of s.details) output.print(`${indent}    ${detail}`);
  };
  output.print(out.bold(`Testing ${name}`));
  printStep(result.validation, '');
  for (const c of result.combinations) {
    const given = Object.entries(c.answers).map(([k, v]) => `${k}=${v}`);
    output.print(
      `${marks[c.ok ? 'passed' : 'failed']} ${out.bold(c.name)}${given.length ? out.dim(` (${given.join(', ')})`) : ''}`,
    );
    for (const s of c.steps) printStep(s, '  ');
  }
  if (result.upgrade) printStep(result.upgrade, '');
  output.print(
    result.ok ? `\n${out.green('✔')} ${name} passes.` : `\n${out.red('✖')} ${name} fails.`,
  );
}
