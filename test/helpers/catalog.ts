import path from 'node:path';
import { stringify } from 'yaml';
import { testdir, writeTree, type FileTree } from './testdir.js';

export interface VersionSpec {
  /** template.yaml fields; id, version, name, description and schemaVersion are filled in. */
  manifest?: Record<string, unknown>;
  /** Raw template.yaml text, instead of `manifest`. */
  manifestText?: string;
  files?: FileTree;
}

/** A `dir` catalog on disk: `{ id: { version: spec } }` becomes `<id>/<version>/template.yaml` + files/. */
export async function catalogDir(
  templates: Record<string, Record<string, VersionSpec>>,
): Promise<string> {
  const root = await testdir();
  for (const [id, versions] of Object.entries(templates))
    for (const [version, spec] of Object.entries(versions)) {
      const dir = path.join(root, id, version);
      const manifest = {
        schemaVersion: 1,
        id,
        version,
        name: `Template ${id}`,
        description: `The ${id} template.`,
        ...spec.manifest,
      };
      const files: FileTree = { 'template.yaml': spec.manifestText ?? stringify(manifest) };
      for (const [file, content] of Object.entries(spec.files ?? {}))
        files[`files/${file}`] = content;
      await writeTree(dir, files);
    }
  return root;
}
