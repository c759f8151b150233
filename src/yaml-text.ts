import { parse, parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { StructuredDoc } from './drift/structured-docs.js';
import { lineAt } from './text-lines.js';

/**
 * The `yaml` library behind our own ESM module, so callers can `await import()` it: it stays
 * out of start-up, and the bundle keeps yaml's CommonJS named exports. It reads documents with
 * their source ranges, and has the last word on plain data js-yaml refuses (yaml-data.ts).
 */

/** One document's value, aliases expanded under yaml's cap; throws on anything else. */
export function parseYamlStrictly(text: string): unknown {
  return parse(text);
}

/** The first error of a stream of documents, as `line N` where known, or null. */
export function yamlDocumentsProblem(text: string): string | null {
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (error)
      return error.linePos ? `line ${error.linePos[0].line}` : error.message.split('\n')[0]!;
  }
  return null;
}

/** A YAML document with its source ranges, or the first syntax error. */
export function parseYamlDocument(text: string): { doc: Document } | { error: string } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message.split('\n')[0]! };
  return { doc };
}

/** A YAML file that answers JSON Pointer lookups with the value and its line; null if broken. */
export function parseYamlDoc(text: string): StructuredDoc | null {
  const parsed = parseYamlDocument(text);
  if ('error' in parsed) return null;
  const { doc } = parsed;
  return {
    lookup(keys) {
      const node: unknown = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
      if (node === undefined || node === null) return undefined;
      const value: unknown = keys.length === 0 ? doc.toJS() : doc.getIn(keys);
      const range = (node as { range?: [number, number, number] }).range;
      return { value, line: range ? lineAt(text, range[0]) : 1 };
    },
  };
}
