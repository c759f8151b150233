import { getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { TemplateCheck } from '../catalog/manifest.js';
import { lineAt } from '../text-lines.js';

/** What a JSON Pointer finds in a parsed file: the value and the line it starts on. */
export interface PointerHit {
  value: unknown;
  line: number;
}

/** A parsed JSON or YAML file that answers JSON Pointer lookups (keys already decoded). */
export interface StructuredDoc {
  lookup(keys: (string | number)[]): PointerHit | undefined;
}

/** The key under which facts keep the parse of `file` as `kind`. */
export const docKey = (kind: 'json' | 'yaml', file: string) => `${kind}:${file}`;

/**
 * Parses every file that a `json:` or `yaml:` check names, once each, while facts are
 * gathered: the checks then stay pure and synchronous. JSON goes through jsonc-parser, which
 * keeps offsets; the YAML parser is loaded only when a check asks for YAML. A file that does
 * not parse maps to null.
 */
export async function parseCheckedDocs(
  checks: readonly TemplateCheck[],
  texts: ReadonlyMap<string, string>,
): Promise<Map<string, StructuredDoc | null>> {
  const docs = new Map<string, StructuredDoc | null>();
  for (const check of checks) {
    const kind = check.json !== undefined ? 'json' : check.yaml !== undefined ? 'yaml' : null;
    const text = texts.get(check.file);
    if (!kind || text === undefined || docs.has(docKey(kind, check.file))) continue;
    const doc =
      kind === 'json' ? parseJson(text) : (await import('../yaml-text.js')).parseYamlDoc(text);
    docs.set(docKey(kind, check.file), doc);
  }
  return docs;
}

function parseJson(text: string): StructuredDoc | null {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || errors.length > 0) return null;
  return {
    lookup(keys) {
      let node: Node | undefined = root;
      for (const key of keys) node = node && child(node, key);
      return node && { value: getNodeValue(node), line: lineAt(text, node.offset) };
    },
  };
}

// Like JSON Pointer: an object member by its name (digits included), an array item by index.
function child(node: Node, key: string | number): Node | undefined {
  if (node.type === 'object')
    return node.children?.filter((p) => p.children?.[0]?.value === String(key)).at(-1)
      ?.children?.[1];
  if (node.type === 'array' && typeof key === 'number') return node.children?.[key];
  return undefined;
}
