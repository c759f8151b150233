import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';
import { git, gitEnv } from './git.js';

// A rollout commits an upgrade on a branch the work tree never checks out: `git fast-import`
// writes the blobs, the tree, the commit and the branch in one process, where checkout, add,
// commit, rev-parse and checkout again took five (plus a journal with its fsyncs), and a
// fleet pays for every process it starts. No hook runs.

/** A file of the commit: its bytes (a symlink's target) and mode, or null to remove it. */
export interface CommitFile {
  path: string;
  version: { kind: 'file' | 'symlink'; content: Buffer; mode: number } | null;
}

/**
 * Commits `files` on top of `parent` as `branch` (created, or moved there: the caller has read
 * its old tip) without touching the work tree or the index; returns the new commit.
 */
export async function commitFiles(
  dir: string,
  input: { branch: string; parent: string; message: string; files: CommitFile[] },
): Promise<string> {
  const ident = await identities(dir);
  const chunks: Buffer[] = [];
  const line = (text: string) => chunks.push(Buffer.from(`${text}\n`));
  const data = (content: Buffer) => {
    line(`data ${content.length}`);
    chunks.push(content);
    line('');
  };
  line(`commit refs/heads/${input.branch}`);
  line('mark :1');
  line(`author ${ident.author}`);
  line(`committer ${ident.committer}`);
  data(Buffer.from(input.message));
  line(`from ${input.parent}`);
  for (const { path, version } of input.files) {
    if (!version) {
      line(`D ${quote(path)}`);
      continue;
    }
    const mode = version.kind === 'symlink' ? '120000' : version.mode & 0o111 ? '100755' : '100644';
    line(`M ${mode} inline ${quote(path)}`);
    data(version.content);
  }
  line('');
  line('get-mark :1');
  line('done');
  const out = await fastImport(dir, Buffer.concat(chunks));
  const commit = out.trim();
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit))
    throw new Error(`git fast-import answered no commit: ${out.slice(0, 200)}`);
  return commit;
}

/** Author and committer as `git commit` would take them (variables, then configuration). */
async function identities(dir: string): Promise<{ author: string; committer: string }> {
  // One `git var -l` for both; its identities come after the configuration, so the last wins.
  const lines = (await git(['var', '-l'], { cwd: dir })).split('\n');
  const last = (name: string) =>
    lines.findLast((l) => l.startsWith(`${name}=`))?.slice(name.length + 1);
  const author = last('GIT_AUTHOR_IDENT');
  const committer = last('GIT_COMMITTER_IDENT');
  // `git commit` refuses an address it could not work out; so does the rollout.
  if (!author || !committer || /\(none\)>/.test(`${author}${committer}`))
    throw new UserError(
      'ENVIRONMENT',
      'git has no author identity to commit with',
      'Set it with `git config --global user.name` and `user.email`.',
    );
  return { author, committer };
}

// C-style quoting, which fast-import reads for any path (and needs for one with a newline).
function quote(path: string): string {
  const escaped = path.replace(/[\\"\n\r\t]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`,
  );
  return `"${escaped}"`;
}

function fastImport(dir: string, stream: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    // A small import stays one pack: below the default limit git starts unpack-objects.
    const args = ['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--force', '--done'];
    const child = spawn('git', args, {
      cwd: dir,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else {
        const message = Buffer.concat(err).toString('utf8').trim().split('\n').at(-1);
        reject(new Error(`git fast-import failed (exit ${code}): ${message ?? ''}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stream);
  });
}
