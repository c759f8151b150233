import { load, loadAll } from 'js-yaml';

/**
 * YAML read as plain data: manifests, configuration, answers files and the syntax check of
 * rendered files. js-yaml reads the usual document in a fraction of the time `yaml` takes to
 * load and parse it, which is most of a render's start-up. Whatever js-yaml refuses (aliases,
 * tags it does not know such as GitLab's `!reference`, an empty file, a syntax error) is read
 * again by `yaml`, whose answer is final: the same values, limits and messages as before.
 */

// No aliases on the fast path: `yaml` expands them under its cap on alias bombs.
const FAST = { maxAliases: 0 } as const;

/** The value of one YAML document; throws with `yaml`'s message when it is not YAML. */
export async function parseYaml(text: string): Promise<unknown> {
  try {
    return load(text, FAST);
  } catch {
    return (await import('./yaml-text.js')).parseYamlStrictly(text);
  }
}

/** Why `text` is not a stream of YAML documents (`line N` where known), or null when it is. */
export async function yamlProblem(text: string): Promise<string | null> {
  try {
    loadAll(text, FAST);
    return null;
  } catch {
    return (await import('./yaml-text.js')).yamlDocumentsProblem(text);
  }
}
