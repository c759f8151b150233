import { existsSync } from 'node:fs';
import { cp, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { templateRepo } from '../helpers/template-repo.js';
import { testdir, writeTree } from '../helpers/testdir.js';
import { read, scaffold, upgradeJson, type UpgradeDoc } from './upgrade-helpers.js';

const versions = {
  '1.0.0': { files: { 'README.md.hbs': '# {{name}}\n' } },
  '1.1.0': { files: { 'README.md.hbs': '# {{name}}\n\nv1.1\n' } },
};
const manifest = (version: string) =>
  `schemaVersion: 1\nid: svc\nversion: ${version}\nname: S\ndescription: D\nparameters:\n  - { name: name, type: string, required: true }\n`;

describe('where upgrade finds the template', () => {
  it('upgrades from --catalog when the recorded repository has moved', async () => {
    const repo = await templateRepo({ versions });
    const dir = await scaffold(repo, '1.0.0');
    const moved = `${repo.dir}-moved`;
    await rename(repo.dir, moved);
    // A configured catalog that cannot be fetched is an error that names it.
    const lost = await upgradeJson(dir);
    expect(lost.exitCode).toBe(2);
    expect(lost.doc.error?.message).toMatch(/^Could not clone the catalog git\+file:/);
    // Without that config, the recorded URL is only a label, and --catalog supplies the base.
    const found = await runBin(
      'platform',
      ['upgrade', '--json', '--catalog', `git+file://${moved}`],
      { cwd: dir, env: await isolatedEnv() },
    );
    expect(found.exitCode, found.stderr).toBe(0);
    const state = JSON.parse(await read(dir, '.platform/service.json')) as {
      template: { catalog: string; version: string };
    };
    expect(state.template).toMatchObject({ catalog: `git+file://${moved}`, version: '1.1.0' });
  });

  it('never opens a recorded catalog the user has not trusted, and says how to trust it', async () => {
    const repo = await templateRepo({ versions });
    const dir = await scaffold(repo, '1.0.0');
    const env = await isolatedEnv();
    const run = await runBin('platform', ['upgrade', '--json'], { cwd: dir, env });
    expect(run.exitCode).toBe(2);
    const doc = JSON.parse(run.stdout) as UpgradeDoc;
    expect(doc.error?.hint).toContain('catalogs in your user config');
    expect(doc.error?.details?.join('\n')).toContain(
      `recorded source ${repo.catalog}: not searched, the user has not trusted it. To use it, add it to your user config (catalogs: ["${repo.catalog}"]`,
    );
    expect(existsSync(path.join(env.XDG_CACHE_HOME!, 'platform', 'catalogs'))).toBe(false);
    const flagged = await runBin('platform', ['upgrade', '--json', '--catalog', repo.catalog], {
      cwd: dir,
      env,
    });
    expect(flagged.exitCode, flagged.stderr).toBe(0);
  });

  it('finds a folder catalog through the relative path the state file records', async () => {
    const root = await testdir();
    const catalog = path.join(root, 'templates');
    await writeTree(catalog, {
      'svc/1.0.0/template.yaml': manifest('1.0.0'),
      'svc/1.0.0/files/README.md.hbs': '# {{name}}\n',
    });
    const services = path.join(root, 'services');
    const created = await runBin(
      'create-service',
      [
        'services/orders',
        '-t',
        'svc',
        '--catalog',
        './templates',
        '--set',
        'name=orders',
        '--yes',
        '--no-install',
      ],
      { cwd: root, env: await isolatedEnv() },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const dir = path.join(services, 'orders');
    expect(JSON.parse(await read(dir, '.platform/service.json'))).toMatchObject({
      template: { catalog: '../../templates' },
    });
    await cp(path.join(catalog, 'svc/1.0.0'), path.join(catalog, 'svc/1.1.0'), { recursive: true });
    await writeTree(catalog, {
      'svc/1.1.0/template.yaml': manifest('1.1.0'),
      'svc/1.1.0/files/README.md.hbs': '# {{name}}\n\nv1.1\n',
    });
    const { exitCode, doc } = await upgradeJson(dir);
    expect(exitCode).toBe(0);
    expect(doc.to).toBe('1.1.0');
    expect(await read(dir, 'README.md')).toBe('# orders\n\nv1.1\n');
  });

  it('renders the base from the recorded source even when a default catalog has the same id@version', async () => {
    const root = await testdir();
    const own = (version: string, body: string) => ({
      [`node-http-service/${version}/template.yaml`]: manifest(version).replace(
        'id: svc',
        'id: node-http-service',
      ),
      [`node-http-service/${version}/files/README.md.hbs`]: body,
      [`node-http-service/${version}/files/Dockerfile`]: 'FROM scratch\n',
    });
    await writeTree(path.join(root, 'cat'), {
      ...own('1.0.0', '# {{name}}\n'),
      ...own('9.0.0', '# {{name}}\n\nv9\n'),
    });
    const env = await isolatedEnv();
    const created = await runBin(
      'create-service',
      [
        'orders',
        '-t',
        'node-http-service@1.0.0',
        '--catalog',
        './cat',
        '--set',
        'name=orders',
        '--yes',
        '--no-install',
      ],
      { cwd: root, env },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const dir = path.join(root, 'orders');
    // No --catalog: the builtin catalog (searched first) also has node-http-service@1.0.0.
    const { exitCode, doc } = await upgradeJson(dir);
    expect(exitCode).toBe(0);
    expect(doc.to).toBe('9.0.0');
    expect(
      doc.files.filter((f) => f.action !== 'keep').map((f) => `${f.action} ${f.path}`),
    ).toEqual(['replace README.md']);
  });
});
