import { execFile } from 'node:child_process';

// The GitHub CLI, for pull requests. Absent or signed out is normal: callers then print the
// compare URL instead, so every failure here is an answer, never a throw.

interface GhRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function runGh(args: string[], cwd: string): Promise<GhRun> {
  return new Promise((resolve) => {
    execFile('gh', args, { cwd, windowsHide: true, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** True when `gh` is installed and signed in. */
export async function ghReady(cwd: string): Promise<boolean> {
  return (await runGh(['auth', 'status'], cwd)).ok;
}

/** The URL of the open pull request from `branch`, or null. */
export async function ghFindPullRequest(cwd: string, branch: string): Promise<string | null> {
  const run = await runGh(
    ['pr', 'list', '--head', branch, '--state', 'open', '--json', 'url', '--jq', '.[0].url'],
    cwd,
  );
  return run.ok && run.stdout.trim() ? run.stdout.trim() : null;
}

export interface PullRequestText {
  base: string;
  branch: string;
  title: string;
  body: string;
  labels: string[];
}

/** Opens a pull request, or edits the open one from the same branch; returns its URL. */
export async function ghUpsertPullRequest(cwd: string, pr: PullRequestText): Promise<string> {
  const existing = await ghFindPullRequest(cwd, pr.branch);
  const labels = pr.labels.flatMap((l) => ['--add-label', l]);
  const run = existing
    ? await runGh(['pr', 'edit', existing, '--title', pr.title, '--body', pr.body, ...labels], cwd)
    : await runGh(
        [
          'pr',
          'create',
          '--base',
          pr.base,
          '--head',
          pr.branch,
          '--title',
          pr.title,
          '--body',
          pr.body,
          ...pr.labels.flatMap((l) => ['--label', l]),
        ],
        cwd,
      );
  if (!run.ok)
    throw new Error(`gh pr ${existing ? 'edit' : 'create'} failed: ${run.stderr.trim()}`);
  return existing ?? run.stdout.trim().split('\n').at(-1) ?? '';
}
