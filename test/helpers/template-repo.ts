import { rm } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { gitSync, testdir, writeTree, type FileTree } from './testdir.js';

/** One released version: its files under `files/` and manifest fields over the defaults. */
export interface TemplateVersionSpec {
  files: FileTree;
  manifest?: Record<string, unknown>;
}

export interface TemplateRepo {
  dir: string;
  /** The `--catalog` source for it: `git+file://<dir>`. */
  catalog: string;
  id: string;
}

/**
 * A real git catalog: one commit and one tag per version, in the order given. `multi` tags
 * `<id>@<version>` with the template under `<id>/`; `single` tags `v<version>` at the root.
 */
export async function templateRepo({
  id = 'svc',
  layout = 'multi',
  versions,
}: {
  id?: string;
  layout?: 'multi' | 'single';
  versions: Record<string, TemplateVersionSpec>;
}): Promise<TemplateRepo> {
  const dir = await testdir();
  gitSync(dir, 'init', '--quiet');
  const root = layout === 'multi' ? path.join(dir, id) : dir;
  for (const [version, spec] of Object.entries(versions)) {
    await rm(path.join(root, 'files'), { recursive: true, force: true });
    const manifest = {
      schemaVersion: 1,
      id,
      version,
      name: `Test service ${id}`,
      description: 'A template built inside a test.',
      parameters: [{ name: 'name', type: 'string', required: true }],
      ...spec.manifest,
    };
    await writeTree(root, {
      'template.yaml': stringify(manifest),
      ...Object.fromEntries(Object.entries(spec.files).map(([f, c]) => [`files/${f}`, c])),
    });
    gitSync(dir, 'add', '--all');
    gitSync(dir, 'commit', '--quiet', '--allow-empty', '-m', `${id} ${version}`);
    gitSync(dir, 'tag', layout === 'multi' ? `${id}@${version}` : `v${version}`);
  }
  return { dir, catalog: `git+file://${dir}`, id };
}
