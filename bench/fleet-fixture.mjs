// Builds the benchmark fleets: real git repos at different template versions, with different
// answers, some with committed local edits (merged, managed, conflicting), one never
// scaffolded, each cloned from a real bare `origin`. Renders and commits happen once per
// variant; the repos are copies of the variants, so building 1,000 costs file copies.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const NAMES = ['orders', 'billing', 'search'];

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The built-in versions of node-http-service, oldest first. */
export function builtinVersions(root) {
  const key = (v) => v.split('.').map((n) => n.padStart(6, '0'));
  return readdirSync(path.join(root, 'templates', 'node-http-service'))
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => (key(a).join('.') < key(b).join('.') ? -1 : 1));
}

/** What repo `i` of a fleet is: its version, answers and local edit (deterministic). */
export function repoKind(i, versions) {
  const newest = versions.at(-1);
  const slot = i % 10;
  // Six in ten on the oldest version, three on the one after, one already current.
  const version = slot < 6 ? versions[0] : slot < 9 ? versions[1] : newest;
  // Half unedited, a quarter with an edit to a merged file, a quarter to a managed one; one
  // in eleven with an edit the upgrade conflicts with.
  const edit = i % 11 === 3 ? 'conflict' : ['none', 'none', 'merged', 'managed'][i % 4];
  return { version, name: NAMES[Math.floor(i / 4) % NAMES.length], edit, plain: i === 5 };
}

function applyEdit(dir, edit) {
  if (edit === 'merged')
    appendFileSync(path.join(dir, 'README.md'), '\n## Team notes\n\nOn call: #orders-oncall.\n');
  if (edit === 'managed')
    appendFileSync(path.join(dir, 'Dockerfile'), '\n# team: pinned for the load test\n');
  if (edit === 'conflict') {
    const file = path.join(dir, 'package.json');
    // Every later version changes the engines line too: a 3-way merge conflict.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/"node": ">=[^"]*"/, '"node": ">=22.99"'),
    );
  }
}

/** Renders each version and answers once, commits each variant once; returns a copier. */
export function variants({ root, work, env }) {
  const renders = new Map();
  const made = new Map();
  const git = (cwd, ...args) => run('git', args, { cwd, env });
  const render = (version, name) => {
    const key = `${version}-${name}`;
    const dir = path.join(work, 'renders', key);
    if (!renders.has(key))
      run(
        process.execPath,
        [
          path.join(root, 'bin/create-service.js'),
          dir,
          '-t',
          `node-http-service@${version}`,
          '--set',
          `name=${name}`,
          '--yes',
          '--no-install',
        ],
        { cwd: work, env },
      );
    renders.set(key, dir);
    return dir;
  };
  return (kind, into) => {
    const key = kind.plain ? 'plain' : `${kind.version}-${kind.name}-${kind.edit}`;
    if (!made.has(key)) {
      const bare = path.join(work, 'origins', `${key}.git`);
      const seed = path.join(work, 'seeds', key);
      const scratch = path.join(work, 'scratch', key);
      git(work, 'clone', '--quiet', render(kind.version, kind.name), scratch);
      if (kind.plain) git(scratch, 'rm', '--quiet', '.platform/service.json');
      else applyEdit(scratch, kind.edit);
      if (kind.plain || kind.edit !== 'none')
        git(scratch, 'commit', '--quiet', '-am', 'Team change');
      git(work, 'clone', '--quiet', '--bare', scratch, bare);
      git(work, 'clone', '--quiet', bare, seed);
      made.set(key, seed);
    }
    cpSync(made.get(key), into, { recursive: true });
  };
}

/** A fleet folder of `count` repos below team folders, with the mix `repoKind` describes. */
export function buildFleet(fixture, count, name) {
  fixture.copy ??= variants(fixture);
  const { copy, work, versions } = fixture;
  const dir = path.join(work, name);
  const kinds = {};
  for (let i = 0; i < count; i++) {
    const kind = repoKind(i, versions);
    const label = kind.plain ? 'no state file' : `${kind.version} ${kind.edit}`;
    kinds[label] = (kinds[label] ?? 0) + 1;
    copy(kind, path.join(dir, `team-${i % 10}`, `svc-${i}`));
  }
  return { dir, kinds };
}
