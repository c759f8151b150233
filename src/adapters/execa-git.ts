// execa is loaded on first use: a render with --no-git never pays for it.
const loadExeca = async () => (await import('execa')).execa;

export interface GitOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** Runs git and returns its trimmed stdout; throws with git's stderr on failure. */
export async function git(args: string[], { cwd, env }: GitOptions): Promise<string> {
  const execa = await loadExeca();
  const result = await execa('git', args, { cwd, env, stripFinalNewline: true });
  return result.stdout;
}

/** Like `git`, but answers null instead of throwing. */
export async function tryGit(args: string[], options: GitOptions): Promise<string | null> {
  const execa = await loadExeca();
  const result = await execa('git', args, { ...options, reject: false, stripFinalNewline: true });
  return result.exitCode === 0 ? result.stdout : null;
}

/** True when `dir` is inside a git work tree. */
export async function isInsideWorkTree(dir: string): Promise<boolean> {
  return (await tryGit(['rev-parse', '--is-inside-work-tree'], { cwd: dir })) === 'true';
}

/** `git init`, then one commit of everything in the folder. */
export async function initAndCommit(dir: string, message: string): Promise<void> {
  await git(['init', '--quiet'], { cwd: dir });
  await git(['add', '--all'], { cwd: dir });
  await git(['commit', '--quiet', '--no-verify', '-m', message], { cwd: dir });
}

/** Paths git tracks in the work tree, relative to `dir`. */
export async function listTrackedFiles(dir: string): Promise<string[]> {
  const out = await git(['ls-files', '-z'], { cwd: dir });
  return out.split('\0').filter(Boolean);
}
