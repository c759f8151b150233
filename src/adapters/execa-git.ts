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

/** The result of `git merge-file -p`: the merged bytes and how many conflicts were left. */
export interface FileMerge {
  content: Buffer;
  conflicts: number;
}

/**
 * 3-way merges three files with `git merge-file -p`, writing nothing but stdout. The labels
 * name the sides in the conflict markers: ours (local), base, theirs.
 */
export async function mergeFile(
  files: { ours: string; base: string; theirs: string },
  labels: { ours: string; base: string; theirs: string },
): Promise<FileMerge> {
  const args = ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs];
  const execa = await loadExeca();
  const result = await execa('git', [...args, files.ours, files.base, files.theirs], {
    encoding: 'buffer',
    reject: false,
    stripFinalNewline: false,
  });
  const code = result.exitCode ?? -1;
  if (code < 0 || code > 127)
    throw new Error(`git merge-file failed: ${Buffer.from(result.stderr).toString('utf8')}`);
  return { content: Buffer.from(result.stdout), conflicts: code };
}

/** `git status --porcelain` limited to `dir`: modified, staged and untracked-not-ignored paths. */
export async function statusPorcelain(dir: string): Promise<string[]> {
  const out = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], {
    cwd: dir,
  });
  return out.split('\0').filter(Boolean);
}

/** Tracked text files under `dir` holding merge conflict markers, plus unmerged index entries. */
export async function filesWithConflictMarkers(dir: string): Promise<string[]> {
  const execa = await loadExeca();
  const grep = await execa(
    'git',
    ['grep', '-I', '-l', '-E', '-e', '^<<<<<<<( |$)', '-e', '^>>>>>>>( |$)', '--', '.'],
    { cwd: dir, reject: false, stripFinalNewline: true },
  );
  if (grep.exitCode !== 0 && grep.exitCode !== 1)
    throw new Error(`git grep failed: ${grep.stderr}`);
  const unmerged = await git(['ls-files', '-u', '--', '.'], { cwd: dir });
  const paths = new Set(grep.stdout.split('\n').filter(Boolean));
  for (const line of unmerged.split('\n').filter(Boolean)) paths.add(line.split('\t')[1] ?? line);
  return [...paths].sort();
}

/**
 * A unified diff between two paths relative to `cwd`, printed without the a/ b/ prefixes, so
 * laying the files out as `a/<file>` and `b/<file>` gives a patch `git apply` takes. Empty
 * when they are equal.
 */
export async function diffNoIndex(cwd: string, before: string, after: string): Promise<string> {
  const execa = await loadExeca();
  const result = await execa(
    'git',
    ['diff', '--no-index', '--no-color', '--no-ext-diff', '--no-prefix', '--binary', before, after],
    { cwd, reject: false, stripFinalNewline: false },
  );
  if (result.exitCode !== 0 && result.exitCode !== 1)
    throw new Error(`git diff failed: ${result.stderr}`);
  return result.stdout;
}

/** Stages exactly `paths` (additions, changes and removals) and commits only them. */
export async function commitPaths(dir: string, paths: string[], message: string): Promise<string> {
  await git(['add', '--all', '--', ...paths], { cwd: dir });
  await git(['commit', '--quiet', '-m', message, '--', ...paths], { cwd: dir });
  return git(['rev-parse', 'HEAD'], { cwd: dir });
}
