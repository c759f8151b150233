import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as semver from '../../src/catalog/semver.js';
import { templateDigest } from '../../scripts/template-digest.mjs';
import { ROOT } from '../helpers/run-bin.js';
import { testdir, writeTree } from '../helpers/testdir.js';

const TEMPLATES = path.join(ROOT, 'templates');
const released = JSON.parse(
  readFileSync(path.join(ROOT, 'released-templates.json'), 'utf8'),
) as Record<string, string>;

const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

describe('released template versions are frozen', () => {
  it.each(Object.entries(released))(
    '%s still has the digest it was released with (changes go into a new version)',
    (ref, digest) => {
      const [id, version] = ref.split('@') as [string, string];
      expect(templateDigest(path.join(TEMPLATES, id, version))).toBe(digest);
    },
  );

  it('every version older than its template’s newest is released', () => {
    for (const id of folders(TEMPLATES)) {
      const versions = folders(path.join(TEMPLATES, id)).sort(semver.compare);
      for (const version of versions.slice(0, -1))
        expect(released, `run \`npm run templates:release ${id}@${version}\``).toHaveProperty([
          `${id}@${version}`,
        ]);
    }
  });

  it('the digest covers paths, contents and the executable bit, in a stable order', async () => {
    const tree = { 'template.yaml': 'id: x\n', 'files/b.txt': 'b', 'files/a/c.txt': 'c' };
    const [one, two] = await Promise.all([testdir(tree), testdir(tree)]);
    expect(templateDigest(one)).toBe(templateDigest(two));
    expect(templateDigest(one)).toMatch(/^sha256:[0-9a-f]{64}$/);
    await writeTree(two, { 'files/b.txt': 'B' });
    expect(templateDigest(two)).not.toBe(templateDigest(one));
    const three = await testdir({ ...tree, 'files/d.txt': '' });
    expect(templateDigest(three)).not.toBe(templateDigest(one));
  });
});
