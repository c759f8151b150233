import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Files by relative path; a Buffer is written as is. */
export type FileTree = Record<string, string | Buffer>;

/** A fresh temp folder holding `files`, removed after the test file. */
export async function testdir(files: FileTree = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'cs-test-')));
  created.push(dir);
  await writeTree(dir, files);
  return dir;
}

export async function writeTree(dir: string, files: FileTree): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

/** The environment every test git call uses: pinned identity, no signing, no user config. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_COUNT: '2',
  GIT_CONFIG_KEY_0: 'init.defaultBranch',
  GIT_CONFIG_VALUE_0: 'main',
  GIT_CONFIG_KEY_1: 'commit.gpgsign',
  GIT_CONFIG_VALUE_1: 'false',
};

/** Runs git synchronously with the pinned test environment. */
export function gitSync(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  }).trim();
}

/** A temp git repo on `main` with `files` committed. */
export async function gitdir(files: FileTree = {}): Promise<string> {
  const dir = await testdir(files);
  gitSync(dir, 'init', '--quiet');
  if (Object.keys(files).length > 0) {
    gitSync(dir, 'add', '--all');
    gitSync(dir, 'commit', '--quiet', '-m', 'initial');
  }
  return dir;
}
