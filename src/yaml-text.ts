import { parse, parseDocument, type Document } from 'yaml';
import type { StructuredDoc } from './drift/structured-docs.js';
import { lineAt } from './text-lines.js';

/**
 * YAML parsing behind our own ESM module, so callers can `await import()` it: the parser stays
 * out of start-up, and the bundle keeps yaml's CommonJS named exports.
 */
export function parseYaml(text: string): unknown {
  return parse(text);
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
