import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { shallowClone } from '../adapters/git-branches.js';
import { isValidBranchName, originUrl } from '../adapters/git.js';
import { UserError, errorMessage } from '../errors.js';
import { findFleet, repoIdentity } from '../fleet/find-repos.js';
import { defaultConcurrency, forEachLimit } from '../fleet/pool.js';
import { inShard, sweepId, type Shard, type SweepInfo } from '../fleet/shard.js';
import { xdgPaths } from '../xdg-paths.js';
import { rolloutRepo } from './apply-repo.js';
import { readRepoList } from './repo-list.js';
import {
  rolloutTotals,
  type RolloutEntry,
  type RolloutOptions,
  type RolloutStatus,
} from './rollout-plan.js';

/** Where the repos come from: a folder of clones, or a list of URLs to clone. */
export interface RolloutSource {
  fleet?: string;
  reposFile?: string;
  /** Clones of `--repos` go here; default: the cache folder, one sub-folder per sweep. */
  workdir?: string;
  shard: Shard;
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RolloutReport {
  fleet: string;
  workdir?: string;
  sweep: SweepInfo;
  dryRun: boolean;
  repos: RolloutEntry[];
  totals: Record<RolloutStatus, number>;
}

/** `platform upgrade --fleet|--repos`: plans (default) or applies every repo of this shard. */
export async function runRollout(
  source: RolloutSource,
  options: RolloutOptions,
): Promise<RolloutReport> {
  if (options.branch !== undefined && !(await isValidBranchName(options.branch)))
    throw new UserError(
      'USAGE',
      `--branch ${options.branch}: git refuses this branch name`,
      'See `git check-ref-format --help`.',
    );
  const root = source.fleet ?? source.reposFile;
  if (root === undefined) throw new Error('unreachable: a rollout needs --fleet or --repos');
  const id = sweepId('upgrade', root, {
    repos: source.reposFile !== undefined,
    apply: options.apply,
    push: options.push,
    branch: options.branch,
    onConflict: options.onConflict,
    forge: options.forge,
    to: options.to,
    set: options.set,
    catalogs: options.catalogs,
  });
  const sweep: SweepInfo = { id, command: 'upgrade', shard: source.shard };
  const limit = source.concurrency ?? defaultConcurrency();
  const repos =
    source.fleet !== undefined
      ? await fleetRepos(source.fleet, source.shard, options, limit)
      : await listedRepos(source, id, options, limit);
  repos.entries.sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
  const base = {
    fleet: root,
    sweep,
    dryRun: !options.apply,
    totals: rolloutTotals(repos.entries),
    repos: repos.entries,
  };
  return repos.workdir ? { ...base, workdir: repos.workdir } : base;
}

async function fleetRepos(fleet: string, shard: Shard, options: RolloutOptions, limit: number) {
  const dirs = await findFleet(fleet);
  const mine = dirs
    .map((dir) => ({ dir, repo: repoIdentity(fleet, dir) }))
    .filter((r) => inShard(r.repo, shard));
  const entries = new Array<RolloutEntry>(mine.length);
  await forEachLimit(mine, limit, async (r, i) => {
    entries[i] = await rolloutRepo(r.dir, r.repo, options);
  });
  return { entries, workdir: undefined };
}

async function listedRepos(
  source: RolloutSource,
  id: string,
  options: RolloutOptions,
  limit: number,
) {
  const list = (await readRepoList(source.reposFile!)).filter((r) => inShard(r.url, source.shard));
  const workdir = path.resolve(
    source.workdir ?? path.join(xdgPaths(source.env).cache, 'rollouts', id),
  );
  await mkdir(workdir, { recursive: true });
  const entries = new Array<RolloutEntry>(list.length);
  await forEachLimit(list, limit, async (r, i) => {
    const dir = path.join(workdir, r.folder);
    try {
      await freshClone(r.url, dir);
    } catch (error) {
      entries[i] = {
        repo: r.url,
        status: 'failed',
        reason: `cannot clone: ${errorMessage(error)}`,
      };
      return;
    }
    entries[i] = await rolloutRepo(dir, r.url, options);
  });
  return { entries, workdir };
}

/** Clones again into the work folder; an earlier clone of the same URL is ours to replace. */
async function freshClone(url: string, dir: string): Promise<void> {
  if (existsSync(dir)) {
    if ((await originUrl(dir)) !== url)
      throw new Error(`${dir} exists and is not a clone of this URL; pass an empty --workdir`);
    await rm(dir, { recursive: true, force: true });
  }
  await shallowClone(url, dir);
}
