import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { forEachLimit } from '../../src/fleet/pool.js';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir, writeTree, type FileTree } from '../helpers/testdir.js';

// Records every push option a push carries, as GitLab reads them, one push per block.
const PRE_RECEIVE = `#!/bin/sh
i=0
while [ "$i" -lt "\${GIT_PUSH_OPTION_COUNT:-0}" ]; do
  eval "echo \\"\\$GIT_PUSH_OPTION_$i\\"" >> push-options.log
  i=$((i + 1))
done
echo "---" >> push-options.log
cat > /dev/null
`;

/** One repo of a test fleet: how it starts out. */
export interface FleetRepoSpec {
  name: string;
  template?: string;
  version?: string;
  /** Committed and pushed to origin, as a team would. */
  edits?: FileTree;
  /** Left uncommitted in the clone. */
  dirty?: FileTree;
  /** No state file: a repo that was never scaffolded. */
  plain?: boolean;
  /** No origin remote at all. */
  noOrigin?: boolean;
}

export interface TestFleet {
  fleet: string;
  remotes: string;
  bare(name: string): string;
}

/** Renders each template version once with the built-in catalog, as a committed repo. */
async function seeds(specs: FleetRepoSpec[]): Promise<Map<string, string>> {
  const wanted = [
    ...new Set(specs.filter((s) => !s.plain).map((s) => `${s.template}@${s.version}`)),
  ];
  const root = await testdir();
  const out = new Map<string, string>();
  await forEachLimit(wanted, 2, async (ref) => {
    const folder = ref.replace(/[@.]/g, '-');
    const result = await runBin(
      'create-service',
      [folder, '-t', ref, '--set', 'name=orders', '--yes', '--no-install'],
      { cwd: root, env: await isolatedEnv() },
    );
    expect(result.stderr).not.toMatch(/✖/);
    expect(result.exitCode).toBe(0);
    out.set(ref, path.join(root, folder));
  });
  return out;
}

/**
 * A fleet of clones, each with its own bare `origin` (`file://`) that advertises push
 * options and records them in `push-options.log`, like a GitLab server would read them.
 */
export async function buildFleet(specs: FleetRepoSpec[]): Promise<TestFleet> {
  const seeded = await seeds(specs);
  const fleet = await testdir();
  const remotes = await testdir();
  const bare = (name: string) => path.join(remotes, `${name}.git`);
  await forEachLimit(specs, 4, async (spec) => {
    const clone = path.join(fleet, spec.name);
    const source = spec.plain
      ? await plainRepo(spec.name)
      : seeded.get(`${spec.template}@${spec.version}`)!;
    if (spec.noOrigin) {
      await cp(source, clone, { recursive: true });
    } else {
      gitSync(remotes, 'clone', '--quiet', '--bare', source, bare(spec.name));
      gitSync(bare(spec.name), 'config', 'receive.advertisePushOptions', 'true');
      gitSync(bare(spec.name), 'remote', 'remove', 'origin');
      const hook = path.join(bare(spec.name), 'hooks', 'pre-receive');
      await writeFile(hook, PRE_RECEIVE);
      await chmod(hook, 0o755);
      gitSync(fleet, 'clone', '--quiet', `file://${bare(spec.name)}`, spec.name);
    }
    if (spec.edits) {
      await writeTree(clone, spec.edits);
      gitSync(clone, 'add', '--all');
      gitSync(clone, 'commit', '--quiet', '-m', 'team edits');
      if (!spec.noOrigin) gitSync(clone, 'push', '--quiet', 'origin', 'main');
    }
    if (spec.dirty) await writeTree(clone, spec.dirty);
  });
  // The pushes of the set-up are not the rollout's: start every log empty.
  await forEachLimit(specs, 8, async (spec) => {
    if (!spec.noOrigin) await rm(path.join(bare(spec.name), 'push-options.log'), { force: true });
  });
  return { fleet, remotes, bare };
}

async function plainRepo(name: string): Promise<string> {
  const dir = await testdir({ 'README.md': `# ${name}\n`, 'index.js': 'console.log(1);\n' });
  gitSync(dir, 'init', '--quiet');
  gitSync(dir, 'add', '--all');
  gitSync(dir, 'commit', '--quiet', '-m', 'initial');
  return dir;
}

/** The push options the bare remote recorded, one array per push. */
export async function recordedPushes(bare: string): Promise<string[][]> {
  const text = await readFile(path.join(bare, 'push-options.log'), 'utf8').catch(() => '');
  return text
    .split('---\n')
    .slice(0, -1)
    .map((block) => block.split('\n').filter(Boolean));
}

/** Branch names in a (bare) repo. */
export function branches(repo: string): string[] {
  return gitSync(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/')
    .split('\n')
    .filter(Boolean)
    .sort();
}

/** A file at a ref of a (bare) repo. */
export function showAt(repo: string, ref: string, file: string): string {
  return gitSync(repo, 'show', `${ref}:${file}`);
}
