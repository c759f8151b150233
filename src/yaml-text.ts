import { parse } from 'yaml';

/**
 * YAML parsing behind our own ESM module, so callers can `await import()` it: the parser stays
 * out of start-up, and the bundle keeps yaml's CommonJS named exports.
 */
export function parseYaml(text: string): unknown {
  return parse(text);
}
