import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitCatalog } from '../../src/catalog/git-catalog.js';
import { readTemplateFiles } from '../../src/render/template-files.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { templateRepo } from '../helpers/template-repo.js';
import { gitSync, testdir } from '../helpers/testdir.js';

const versions = {
  '1.0.0': { files: { 'README.md.hbs': '# {{name}} one\n' } },
  '1.2.0': { files: { 'README.md.hbs': '# {{name}} two\n', 'extra.txt': 'x\n' } },
};

describe('GitCatalog', () => {
  it('reads <id>@<version> tags of a multi-template repo and opens each version exactly', async () => {
    const repo = await templateRepo({ id: 'api', versions });
    const other = await templateRepo({ id: 'api', versions: { '0.1.0': { files: {} } } });
    const catalog = new GitCatalog(repo.catalog, path.join(await testdir(), 'cache'));
    expect(await catalog.ids()).toEqual(['api']);
    expect((await catalog.versions('api')).sort()).toEqual(['1.0.0', '1.2.0']);
    const old = await catalog.open('api', '1.0.0');
    expect(old.manifest.version).toBe('1.0.0');
    expect(old.catalog).toBe(repo.catalog);
    expect((await readTemplateFiles(old.dir)).map((f) => f.path)).toEqual(['README.md.hbs']);
    const newer = await catalog.open('api', '1.2.0');
    expect((await readTemplateFiles(newer.dir)).map((f) => f.path).sort()).toEqual([
      'README.md.hbs',
      'extra.txt',
    ]);
    expect(other.dir).not.toBe(repo.dir);
  });

  it('reads v<version> tags of a single-template repo, taking the id from template.yaml', async () => {
    const repo = await templateRepo({ id: 'worker', layout: 'single', versions });
    const catalog = new GitCatalog(repo.catalog, path.join(await testdir(), 'cache'));
    expect(await catalog.ids()).toEqual(['worker']);
    const source = await catalog.open('worker', '1.2.0');
    expect(source.manifest.id).toBe('worker');
    expect((await readTemplateFiles(source.dir)).map((f) => f.path).sort()).toEqual([
      'README.md.hbs',
      'extra.txt',
    ]);
  });

  it('ignores tags that are not versions and refuses a tag whose manifest disagrees', async () => {
    const repo = await templateRepo({ id: 'api', versions });
    gitSync(repo.dir, 'tag', 'api@latest');
    gitSync(repo.dir, 'tag', 'api@2.0.0', 'api@1.0.0');
    const catalog = new GitCatalog(repo.catalog, path.join(await testdir(), 'cache'));
    expect((await catalog.versions('api')).sort()).toEqual(['1.0.0', '1.2.0', '2.0.0']);
    await expect(catalog.open('api', '2.0.0')).rejects.toThrow(/holds api@1\.0\.0/);
    await expect(catalog.open('api', '9.0.0')).rejects.toThrow(/has no api@9\.0\.0/);
  });

  it('sees versions tagged after the first fetch on the next run', async () => {
    const repo = await templateRepo({ id: 'api', versions: { '1.0.0': versions['1.0.0'] } });
    const env = await isolatedEnv();
    const cwd = await testdir();
    const list = async () =>
      JSON.parse(
        (
          await runBin('platform', ['templates', 'list', '--catalog', repo.catalog, '--json'], {
            cwd,
            env,
          })
        ).stdout,
      ) as { templates: { id: string; versions: string[] }[] };
    expect((await list()).templates.find((t) => t.id === 'api')?.versions).toEqual(['1.0.0']);
    const manifest = path.join(repo.dir, 'api/template.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('1.0.0', '1.0.1'));
    gitSync(repo.dir, 'commit', '--quiet', '-am', 'api 1.0.1');
    gitSync(repo.dir, 'tag', 'api@1.0.1');
    expect((await list()).templates.find((t) => t.id === 'api')?.versions).toEqual([
      '1.0.1',
      '1.0.0',
    ]);
  });

  it('names the catalog when the repository cannot be cloned', async () => {
    const missing = `git+file://${path.join(await testdir(), 'nope.git')}`;
    const catalog = new GitCatalog(missing, path.join(await testdir(), 'cache'));
    await expect(catalog.versions('api')).rejects.toThrow(/Could not clone the catalog git\+file:/);
  });
});
