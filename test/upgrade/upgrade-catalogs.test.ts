import { cp, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { templateRepo } from '../helpers/template-repo.js';
import { testdir, writeTree } from '../helpers/testdir.js';
import { read, scaffold, upgradeJson } from './upgrade-helpers.js';

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
    const lost = await upgradeJson(dir);
    expect(lost.exitCode).toBe(2);
    expect(lost.doc.error?.message).toBe(
      'The recorded template svc@1.0.0 is in none of the catalogs searched',
    );
    expect(lost.doc.error?.hint).toMatch(/--catalog/);
    expect(lost.doc.error?.details?.join('\n')).toMatch(
      /recorded source git\+file:.*Could not clone/,
    );
    const found = await upgradeJson(dir, ['--catalog', `git+file://${moved}`]);
    expect(found.exitCode).toBe(0);
    const state = JSON.parse(await read(dir, '.platform/service.json')) as {
      template: { catalog: string; version: string };
    };
    expect(state.template).toMatchObject({ catalog: `git+file://${moved}`, version: '1.1.0' });
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
});
