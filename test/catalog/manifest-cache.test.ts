import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifestCached } from '../../src/catalog/manifest-cache.js';
import { testdir } from '../helpers/testdir.js';

const manifest = (name: string) =>
  `schemaVersion: 1\nid: demo\nversion: 1.0.0\nname: ${name}\ndescription: d\n`;

describe('the manifest cache', () => {
  it('reuses a validated manifest while the bytes are unchanged, and re-reads edits', async () => {
    const [dir, cache] = await Promise.all([
      testdir({ 'template.yaml': manifest('First') }),
      testdir(),
    ]);
    expect((await loadManifestCached(dir, 't', cache)).name).toBe('First');
    const entries = await readdir(path.join(cache, 'manifests'));
    expect(entries).toHaveLength(1);
    // An edit without its checksum is refused and parsed again from the YAML...
    const entry = path.join(cache, 'manifests', entries[0]!);
    const json = (await readFile(entry, 'utf8')).split('\n')[1]!.replace('First', 'Cached');
    await writeFile(entry, `${'0'.repeat(64)}\n${json}`);
    expect((await loadManifestCached(dir, 't', cache)).name).toBe('First');
    // ...while a consistent entry is used: a hit comes from the cache, not from the YAML.
    await writeFile(entry, `${createHash('sha256').update(json).digest('hex')}\n${json}`);
    expect((await loadManifestCached(dir, 't', cache)).name).toBe('Cached');
    await writeFile(path.join(dir, 'template.yaml'), manifest('Second'));
    expect((await loadManifestCached(dir, 't', cache)).name).toBe('Second');
  });

  it('falls back to parsing when an entry is corrupt or the cache cannot be written', async () => {
    const [dir, cache] = await Promise.all([
      testdir({ 'template.yaml': manifest('Ok') }),
      testdir(),
    ]);
    await loadManifestCached(dir, 't', cache);
    const [entry] = await readdir(path.join(cache, 'manifests'));
    await writeFile(path.join(cache, 'manifests', entry!), '{ torn');
    expect((await loadManifestCached(dir, 't', cache)).name).toBe('Ok');
    const unwritable = path.join(dir, 'template.yaml', 'not-a-dir');
    expect((await loadManifestCached(dir, 't', unwritable)).name).toBe('Ok');
  });

  it('never caches an invalid manifest', async () => {
    const [dir, cache] = await Promise.all([
      testdir({ 'template.yaml': 'schemaVersion: 2\n' }),
      testdir(),
    ]);
    await expect(loadManifestCached(dir, 'x/template.yaml', cache)).rejects.toThrow(
      /Invalid template manifest x\/template\.yaml/,
    );
    await expect(readdir(path.join(cache, 'manifests'))).rejects.toThrow();
  });
});
