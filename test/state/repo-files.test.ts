import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RepoFiles } from '../../src/state/repo-files.js';
import { testdir } from '../helpers/testdir.js';

async function repoWithLinks() {
  const outside = await testdir({ 'secret.txt': 'secret\n' });
  const root = await testdir({ 'docs/guide.md': '# guide\n', 'a.txt': 'a\n' });
  await symlink(outside, path.join(root, 'out'));
  await symlink('docs', path.join(root, 'docs-alias'));
  await symlink('../../etc/passwd', path.join(root, 'passwd'));
  return { root, repo: new RepoFiles(root) };
}

describe('RepoFiles', () => {
  it('reads plain files, and a link at the end of a path as a link', async () => {
    const { repo } = await repoWithLinks();
    expect(repo.read('a.txt')).toMatchObject({ kind: 'file', content: Buffer.from('a\n') });
    expect(repo.read('passwd')).toEqual({ kind: 'symlink', target: '../../etc/passwd' });
    expect(repo.read('missing/file')).toBeNull();
  });

  it('never follows a folder link out, nor a path with .. or an absolute one', async () => {
    const { repo } = await repoWithLinks();
    expect(repo.read('out/secret.txt')).toBeNull();
    expect(repo.readBlock('out/secret.txt')).toMatch(/out is a link to .*, outside the repo/);
    expect(repo.readBlock('../x')).toMatch(/leads out of the repo/);
    expect(repo.readBlock('/etc/passwd')).toMatch(/absolute/);
    expect(() => repo.assertReadable(['a.txt', 'out/secret.txt'], 'test')).toThrow(
      /refuses 1 path/,
    );
  });

  it('reads through a folder link inside the repo, but never writes through it', async () => {
    const { repo } = await repoWithLinks();
    expect(repo.read('docs-alias/guide.md')).toMatchObject({ kind: 'file' });
    expect(repo.writeBlock('docs-alias/guide.md')).toMatch(/docs-alias is a link to a folder/);
    expect(repo.writeBlock('docs/guide.md')).toBeNull();
    expect(repo.writeBlock('passwd')).toBeNull(); // the link itself is replaced, not followed
    expect(repo.writeBlock('a.txt/inner')).toMatch(/a.txt is a file/);
    expect(repo.writeBlock('docs')).toMatch(/is a folder/);
  });

  it('does not wait on a FIFO and does not read files above the bound', async () => {
    const { root, repo } = await repoWithLinks();
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    expect(repo.read('pipe')).toBeNull();
    await mkdir(path.join(root, 'big'));
    await writeFile(path.join(root, 'big/file'), Buffer.alloc(2048));
    expect(repo.read('big/file', 1024)).toEqual({ kind: 'too-large', size: 2048 });
  });
});
