import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndexPaths } from '../../src/adapters/git-index.js';
import { gitdir, gitSync, testdir } from '../helpers/testdir.js';

// The index reader must list exactly what `git ls-files -z` lists, or hand the repo to git.
const lsFiles = (dir: string) => gitSync(dir, 'ls-files', '-z').split('\0').filter(Boolean);

const FILES = {
  'README.md': '# x\n',
  'src/a.ts': 'a\n',
  'src/deep/b.ts': 'b\n',
  'src/deep/c.ts': 'c\n',
  'src/deepest-sibling.ts': 'd\n',
  [`long/${'n'.repeat(200)}/${'m'.repeat(200)}/name.txt`]: 'long\n',
  'ünïcode/fïle.txt': 'u\n',
  'with space.txt': 's\n',
};

describe('readIndexPaths', () => {
  it.each([2, 3, 4])('lists what git ls-files lists, index version %i', async (version) => {
    const dir = await gitdir(FILES);
    gitSync(dir, 'update-index', '--index-version', String(version));
    // An intent-to-add entry sets the extended flag (version 3 and up).
    if (version >= 3) {
      await writeFile(path.join(dir, 'later.txt'), 'later\n');
      gitSync(dir, 'add', '--intent-to-add', 'later.txt');
    }
    expect(lsFiles(dir).length).toBeGreaterThan(7);
    expect(readIndexPaths(dir, {})).toEqual(lsFiles(dir));
  });

  it('lists from a sub-folder relative to it, as git does there', async () => {
    const dir = await gitdir(FILES);
    expect(readIndexPaths(path.join(dir, 'src'), {})).toEqual(lsFiles(path.join(dir, 'src')));
    expect(readIndexPaths(path.join(dir, 'src'), {})).toEqual([
      'a.ts',
      'deep/b.ts',
      'deep/c.ts',
      'deepest-sibling.ts',
    ]);
  });

  it('repeats unmerged paths once per stage, as git does', async () => {
    const dir = await gitdir({ 'f.txt': 'base\n' });
    gitSync(dir, 'checkout', '--quiet', '-b', 'other');
    await writeFile(path.join(dir, 'f.txt'), 'theirs\n');
    gitSync(dir, 'commit', '--quiet', '-am', 'theirs');
    gitSync(dir, 'checkout', '--quiet', 'main');
    await writeFile(path.join(dir, 'f.txt'), 'ours\n');
    gitSync(dir, 'commit', '--quiet', '-am', 'ours');
    try {
      gitSync(dir, 'merge', '--quiet', 'other');
    } catch {
      // The conflict is the point.
    }
    expect(lsFiles(dir)).toEqual(['f.txt', 'f.txt', 'f.txt']);
    expect(readIndexPaths(dir, {})).toEqual(lsFiles(dir));
  });

  it('reads a linked worktree through its .git file, and a SHA-256 repo', async () => {
    const dir = await gitdir(FILES);
    const linked = path.join(await testdir(), 'linked');
    gitSync(dir, 'worktree', 'add', '--quiet', linked);
    expect(readIndexPaths(linked, {})).toEqual(lsFiles(linked));
    const sha256 = await testdir(FILES);
    gitSync(sha256, 'init', '--quiet', '--object-format=sha256');
    gitSync(sha256, 'add', '--all');
    expect(readIndexPaths(sha256, {})).toEqual(lsFiles(sha256));
  });

  it('an empty repo has no index and lists nothing', async () => {
    expect(readIndexPaths(await gitdir(), {})).toEqual([]);
  });

  it('leaves split and sparse indexes, and git variables that move the repo, to git', async () => {
    const split = await gitdir(FILES);
    gitSync(split, 'update-index', '--split-index');
    expect(readIndexPaths(split, {})).toBeNull();
    const sparse = await gitdir(FILES);
    gitSync(sparse, 'sparse-checkout', 'init', '--cone', '--sparse-index');
    gitSync(sparse, 'sparse-checkout', 'set', 'src');
    expect(readIndexPaths(sparse, {})).toBeNull();
    const plain = await gitdir(FILES);
    expect(readIndexPaths(plain, { GIT_INDEX_FILE: '/elsewhere' })).toBeNull();
    expect(readIndexPaths(plain, { GIT_DIR: '/elsewhere' })).toBeNull();
  });

  it('answers null outside a repo and for an index that does not parse', async () => {
    expect(readIndexPaths(await testdir({ 'a.txt': 'a\n' }), {})).toBeNull();
    const broken = await gitdir(FILES);
    await writeFile(path.join(broken, '.git', 'index'), 'DIRC\0\0\0\x02\0\0\0\x09truncated');
    expect(readIndexPaths(broken, {})).toBeNull();
    const garbage = await gitdir(FILES);
    await mkdir(path.join(garbage, 'x'));
    await writeFile(path.join(garbage, '.git', 'index'), Buffer.alloc(4096, 0xff));
    expect(readIndexPaths(garbage, {})).toBeNull();
  });
});
