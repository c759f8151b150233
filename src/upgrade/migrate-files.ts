import { parseDocument } from 'yaml';
import type { MigrationStep } from '../catalog/manifest.js';
import { sameFile, type FileMap } from './file-map.js';

/** A migration step and the template version that ships it. */
export interface VersionedMigration {
  version: string;
  step: MigrationStep;
}

/** What one step did to the service's files. */
export interface MigrationNote {
  version: string;
  step: string;
  outcome: 'applied' | 'skipped';
  reason?: string;
}

export interface MigratedFiles {
  base: FileMap;
  current: FileMap;
  notes: MigrationNote[];
  /** Paths a step moved or deleted on the service's side, with why. */
  movedAway: Map<string, string>;
}

/**
 * Runs the steps in order over both the old render and the service's files, so both are in
 * the new version's shape before the 3-way comparison. Pure: maps in, maps out.
 */
export function migrateFiles(
  base: FileMap,
  current: FileMap,
  migrations: VersionedMigration[],
): MigratedFiles {
  const out: MigratedFiles = {
    base: new Map(base),
    current: new Map(current),
    notes: [],
    movedAway: new Map(),
  };
  for (const { version, step } of migrations) {
    const note = (outcome: MigrationNote['outcome'], reason?: string) =>
      out.notes.push({ version, step: describeStep(step), outcome, ...(reason && { reason }) });
    const skipped = runStep(step, out);
    note(skipped ? 'skipped' : 'applied', skipped ?? undefined);
  }
  return out;
}

/** Applies one step; answers why the service's side was left alone, or null. */
function runStep(step: MigrationStep, files: MigratedFiles): string | null {
  const { base, current, movedAway } = files;
  if ('rename' in step) {
    const { from, to } = step.rename;
    move(base, from, to);
    const local = current.get(from);
    if (!local) return `${from} is not in the service`;
    if (current.has(to) && !sameFile(current.get(to), local))
      return `${to} already exists; ${from} was left in place`;
    move(current, from, to);
    movedAway.set(from, `moved to ${to} by a template migration`);
    return null;
  }
  if ('delete' in step) {
    const file = step.delete;
    const rendered = base.get(file);
    base.delete(file);
    if (!current.has(file)) return `${file} is not in the service`;
    if (!sameFile(current.get(file), rendered)) return `${file} was edited locally, so it was kept`;
    current.delete(file);
    movedAway.set(file, 'deleted by a template migration');
    return null;
  }
  const { file, pointer } = 'setKey' in step ? step.setKey : step.removeKey;
  const edit = (text: string, format: 'json' | 'yaml') =>
    'setKey' in step
      ? setKey(text, format, pointer, step.setKey.value)
      : removeKey(text, format, pointer);
  const format = formatOf(file);
  if (!format) return `${file} is neither JSON nor YAML`;
  try {
    editInPlace(base, file, (t) => edit(t, format));
  } catch (error) {
    // An unparseable old render stays as it is; the 3-way merge still sees both sides.
    if (!(error instanceof MigrationParseError)) throw error;
  }
  const local = current.get(file);
  if (!local || local.kind !== 'file') return `${file} is not in the service`;
  try {
    editInPlace(current, file, (t) => edit(t, format));
  } catch (error) {
    if (!(error instanceof MigrationParseError)) throw error;
    return `${file} could not be parsed: ${error.message.split('\n')[0]}`;
  }
  return null;
}

function move(files: FileMap, from: string, to: string) {
  const file = files.get(from);
  if (!file) return;
  files.delete(from);
  files.set(to, file);
}

function editInPlace(files: FileMap, file: string, edit: (text: string) => string) {
  const found = files.get(file);
  if (!found || found.kind !== 'file') return;
  files.set(file, { ...found, content: Buffer.from(edit(found.content.toString('utf8'))) });
}

class MigrationParseError extends Error {}

function formatOf(file: string): 'json' | 'yaml' | null {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return null;
}

/** Splits an RFC 6901 JSON Pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function setKey(text: string, format: 'json' | 'yaml', pointer: string, value: unknown): string {
  const segments = pointerSegments(pointer);
  if (format === 'yaml') {
    const doc = parseYamlDocument(text);
    doc.setIn(segments, value);
    return doc.toString();
  }
  const data = parseJson(text);
  let node = data as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments.at(-1)!] = value;
  return stringifyJsonLike(data, text);
}

function removeKey(text: string, format: 'json' | 'yaml', pointer: string): string {
  const segments = pointerSegments(pointer);
  if (format === 'yaml') {
    const doc = parseYamlDocument(text);
    if (doc.hasIn(segments)) doc.deleteIn(segments);
    return doc.toString();
  }
  const data = parseJson(text);
  let node: unknown = data;
  for (const segment of segments.slice(0, -1)) {
    node = (node as Record<string, unknown> | null)?.[segment];
    if (typeof node !== 'object' || node === null) return text;
  }
  const last = segments.at(-1)!;
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete (node as Record<string, unknown>)[last];
  return stringifyJsonLike(data, text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MigrationParseError((error as Error).message);
  }
}

function parseYamlDocument(text: string) {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new MigrationParseError(doc.errors[0]!.message);
  return doc;
}

// Keeps the file's indent and its final newline, so a key change is a one-line diff.
function stringifyJsonLike(data: unknown, original: string): string {
  const indent = /^[ \t]+(?=")/m.exec(original)?.[0] ?? '  ';
  return JSON.stringify(data, null, indent) + (original.endsWith('\n') ? '\n' : '');
}

/** A step as one line, for plans and logs. */
export function describeStep(step: MigrationStep): string {
  if ('rename' in step) return `rename ${step.rename.from} → ${step.rename.to}`;
  if ('delete' in step) return `delete ${step.delete}`;
  if ('setKey' in step)
    return `set ${step.setKey.file}#${step.setKey.pointer} = ${JSON.stringify(step.setKey.value)}`;
  return `remove ${step.removeKey.file}#${step.removeKey.pointer}`;
}
