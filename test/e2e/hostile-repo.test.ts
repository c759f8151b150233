import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin, type RunResult } from '../helpers/run-bin.js';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { gitdir, gitSync, testdir, writeTree } from '../helpers/testdir.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';
import { copyRepo } from '../drift/fixtures.js';
import { scaffold } from '../upgrade/upgrade-helpers.js';

// A repo under check is untrusted: its committed links must never lead a command to read,
// write or delete anything outside it. Every repo here sits in one `world` folder beside an
// `outside` folder it links to, and some link to a marker folder elsewhere in the temp dir.

const FILES = { managed: ['.github/**', 'Dockerfile', 'docs/**', 'old.txt'] };
let catalog: TemplateRepo;
let pristine: string;

beforeAll(async () => {
  catalog = await templateRepo({
    versions: {
      '1.0.0': {
        manifest: { files: FILES },
        files: {
          Dockerfile: 'FROM node:22\n',
          'docs/guide.md': '# Guide\n',
          'old.txt': 'dropped in 1.1.0\n',
          '.github/workflows/ci.yml': 'steps: []\n',
        },
      },
      '1.1.0': {
        manifest: { files: FILES },
        files: {
          Dockerfile: 'FROM node:24\n',
          'docs/guide.md': '# Guide\n\nNew chapter.\n',
          '.github/workflows/ci.yml': 'steps: [gitleaks]\n',
        },
      },
    },
  });
  pristine = await scaffold(catalog, '1.0.0');
});

interface World {
  world: string;
  outside: string;
  markers: string;
  env: Record<string, string>;
}

async function makeWorld(): Promise<World> {
  const world = await testdir({
    'outside/docs/guide.md': '# Not yours\n',
    'outside/package.json': '{"name":"stolen-name"}\n',
    'outside/secret.txt': 'do not touch\n',
  });
  const markers = await testdir({ 'victim.txt': 'marker\n', 'upgrade/keep.txt': 'keep\n' });
  return { world, outside: path.join(world, 'outside'), markers, env: await isolatedEnv() };
}

/** A scaffolded service copied into the world, changed by `hostile`, and committed. */
async function serviceIn(w: World, name: string, hostile: (dir: string) => Promise<void>) {
  const copy = await copyRepo(pristine);
  const dir = path.join(w.world, name);
  await import('node:fs/promises').then((fs) => fs.rename(copy, dir));
  await hostile(dir);
  gitSync(dir, 'add', '--all');
  gitSync(dir, 'commit', '--quiet', '-m', 'hostile');
  return dir;
}

const run = (w: World, dir: string, args: string[]): Promise<RunResult> =>
  runBin('platform', [...args, '--catalog', catalog.catalog], { cwd: dir, env: w.env });

function snapshot(w: World, repos: string[]) {
  const home = w.env.HOME!;
  return {
    world: snapshotTree(w.world, repos),
    markers: snapshotTree(w.markers),
    home: snapshotTree(home, [w.env.XDG_CACHE_HOME!, w.env.XDG_STATE_HOME!]),
  };
}

async function replaceWithLink(dir: string, rel: string, target: string) {
  await rm(path.join(dir, rel), { recursive: true, force: true });
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  await symlink(target, path.join(dir, rel));
}

describe('a hostile repo', () => {
  it('check, doctor --fix, upgrade and adopt create, change and delete nothing outside it', async () => {
    const w = await makeWorld();
    const repos = {
      // A managed file's folder is a link out of the repo.
      docsOut: await serviceIn(w, 'docs-out', (d) => replaceWithLink(d, 'docs', '../outside/docs')),
      // A file the new version drops, and a managed file, are links to a marker outside.
      linkedFiles: await serviceIn(w, 'linked-files', async (d) => {
        await replaceWithLink(d, 'old.txt', path.join(w.markers, 'victim.txt'));
        await replaceWithLink(d, 'Dockerfile', path.join(w.markers, 'victim.txt'));
      }),
      // Where local patches go is a link out, and a managed file was edited.
      patchesOut: await serviceIn(w, 'patches-out', async (d) => {
        await writeFile(path.join(d, '.github/workflows/ci.yml'), 'steps: [ours]\n');
        await replaceWithLink(d, '.platform/upgrade', path.join(w.markers, 'upgrade'));
      }),
      // The state and waivers files are links out.
      stateOut: await serviceIn(w, 'state-out', async (d) => {
        await writeFile(
          path.join(w.outside, 'service.json'),
          await readFile(path.join(d, '.platform/service.json')),
        );
        await replaceWithLink(d, '.platform/service.json', '../../outside/service.json');
      }),
      platformOut: await serviceIn(w, 'platform-out', (d) =>
        replaceWithLink(d, '.platform', w.markers),
      ),
    };
    const adoptLinks = path.join(w.world, 'adopt-links');
    await import('node:fs/promises').then(async (fs) =>
      fs.rename(await gitdir({ 'README.md': '# app\n' }), adoptLinks),
    );
    await symlink('../outside/package.json', path.join(adoptLinks, 'package.json'));
    const adoptPlatformOut = path.join(w.world, 'adopt-platform-out');
    await import('node:fs/promises').then(async (fs) =>
      fs.rename(await gitdir({ 'README.md': '# app\n' }), adoptPlatformOut),
    );
    await symlink(w.markers, path.join(adoptPlatformOut, '.platform'));
    for (const dir of [adoptLinks, adoptPlatformOut]) {
      gitSync(dir, 'add', '--all');
      gitSync(dir, 'commit', '--quiet', '-m', 'links');
    }
    const all = [...Object.values(repos), adoptLinks, adoptPlatformOut];
    const before = snapshot(w, all);

    const results: Record<string, RunResult> = {};
    for (const [name, dir] of Object.entries(repos)) {
      results[`${name} check`] = await run(w, dir, ['check']);
      results[`${name} fix`] = await run(w, dir, ['doctor', '--fix', '--allow-dirty']);
      results[`${name} upgrade`] = await run(w, dir, ['upgrade', '--allow-dirty', '--yes']);
    }
    results['adopt links'] = await run(w, adoptLinks, ['adopt', '-t', 'svc@1.0.0']);
    results['adopt platform out'] = await run(w, adoptPlatformOut, ['adopt', '-t', 'svc@1.0.0']);

    expect(snapshot(w, all)).toEqual(before);
    // No refusal is a crash: every outcome is 0, 1 (findings, conflicts) or 2 (refused).
    for (const [name, result] of Object.entries(results))
      expect([name, [0, 1, 2].includes(result.exitCode)]).toEqual([name, true]);

    // Reading: check notes what it did not read and reports the file as missing.
    expect(results['docsOut check']!.stdout).toMatch(
      /not read: docs\/guide\.md: docs is a link to \.\.\/outside\/docs, outside the repo/,
    );
    // Writing: refused before any write, naming the path and what to do.
    for (const key of ['docsOut fix', 'docsOut upgrade', 'patchesOut upgrade', 'patchesOut fix']) {
      expect([key, results[key]!.exitCode]).toEqual([key, 2]);
      expect(results[key]!.stderr).toMatch(
        /lead through a link[\s\S]*Replace the link with a real folder/,
      );
    }
    expect(results['patchesOut upgrade']!.stderr).toContain('.platform/upgrade is a link to');
    for (const key of [
      'stateOut check',
      'stateOut fix',
      'platformOut check',
      'platformOut upgrade',
      'adopt platform out',
    ]) {
      expect([key, results[key]!.exitCode]).toEqual([key, 2]);
      expect(results[key]!.stderr).toMatch(/\.platform/);
    }
    // A link at a managed path is replaced by the file itself; its target is untouched.
    expect(results['linkedFiles fix']!.exitCode).toBe(0);
    // (then upgraded by the run after it)
    expect(lstatSync(path.join(repos.linkedFiles, 'Dockerfile')).isFile()).toBe(true);
    expect(readFileSync(path.join(w.markers, 'victim.txt'), 'utf8')).toBe('marker\n');
    // adopt infers nothing from a linked package.json, and writes its state inside the repo.
    expect(results['adopt links'].exitCode).toBe(0);
    expect(existsSync(path.join(adoptLinks, '.platform/service.json'))).toBe(true);
    expect(readFileSync(path.join(adoptLinks, '.platform/service.json'), 'utf8')).not.toContain(
      'stolen-name',
    );
  }, 300_000);

  it('a template whose files/ is a link out is refused by create and by templates validate', async () => {
    const root = await testdir();
    await writeTree(path.join(root, 'svc/1.0.0'), {
      'template.yaml':
        'schemaVersion: 1\nid: svc\nversion: 1.0.0\nname: Linked\ndescription: files is a link.\nparameters: []\n',
    });
    const secrets = await testdir({ passwd: 'root:x:0:0\n' });
    await symlink(secrets, path.join(root, 'svc/1.0.0/files'));
    const parent = await testdir();
    const created = await runBin(
      'create-service',
      ['app', '-t', 'svc@1.0.0', '--catalog', root, '--yes', '--no-install'],
      { cwd: parent },
    );
    expect(created.exitCode).toBe(2);
    expect(created.stderr).toMatch(/files is a link to .*never read through a link/);
    expect(existsSync(path.join(parent, 'app'))).toBe(false);
    const validated = await runBin(
      'platform',
      ['templates', 'validate', path.join(root, 'svc/1.0.0')],
      {
        cwd: parent,
      },
    );
    expect(validated.exitCode).toBe(1);
    expect(validated.stdout + validated.stderr).toMatch(/files\/: .*is a link to/);
    await rm(path.join(root, 'svc/1.0.0/files'));
    await mkdir(path.join(root, 'svc/1.0.0/files'));
    await import('node:fs/promises').then((fs) =>
      fs.rename(path.join(root, 'svc/1.0.0/template.yaml'), path.join(secrets, 'template.yaml')),
    );
    await symlink(path.join(secrets, 'template.yaml'), path.join(root, 'svc/1.0.0/template.yaml'));
    const linkedManifest = await runBin(
      'platform',
      ['templates', 'validate', path.join(root, 'svc/1.0.0')],
      {
        cwd: parent,
      },
    );
    expect(linkedManifest.exitCode).toBe(1);
    expect(linkedManifest.stdout + linkedManifest.stderr).toMatch(/template\.yaml: .*is a link to/);
  });
});
