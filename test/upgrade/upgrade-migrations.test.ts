import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { commitEdits, read, recordedVersion, scaffold, upgradeJson } from './upgrade-helpers.js';

const PKG_1 =
  '{\n  "name": "{{name}}",\n  "type": "commonjs",\n  "scripts": {\n    "legacy": "x"\n  }\n}\n';
const SETTINGS = 'level: info\nport: 8080\n';

let repo: TemplateRepo;
beforeAll(async () => {
  const files = { seeded: ['src/**'] };
  repo = await templateRepo({
    versions: {
      '1.0.0': {
        manifest: { files },
        files: {
          'package.json.hbs': PKG_1,
          'config/app.yaml': SETTINGS,
          'legacy.txt': 'legacy\n',
          'legacy-edited.txt': 'legacy\n',
          'src/index.js': 'module.exports = 1;\n',
        },
      },
      '2.0.0': {
        manifest: {
          files,
          migrations: [
            { rename: { from: 'config/app.yaml', to: 'config/settings.yaml' } },
            { rename: { from: 'src/index.js', to: 'src/main.js' } },
          ],
        },
        files: {
          'package.json.hbs': PKG_1,
          'config/settings.yaml': SETTINGS,
          'legacy.txt': 'legacy\n',
          'legacy-edited.txt': 'legacy\n',
          'src/main.js': 'module.exports = 1;\n',
        },
      },
      '3.0.0': {
        manifest: {
          files,
          migrations: [
            { setKey: { file: 'package.json', pointer: '/type', value: 'module' } },
            { removeKey: { file: 'package.json', pointer: '/scripts/legacy' } },
            { setKey: { file: 'config/settings.yaml', pointer: '/otel/enabled', value: true } },
            { delete: 'legacy.txt' },
            { delete: 'legacy-edited.txt' },
          ],
        },
        files: {
          'package.json.hbs': '{\n  "name": "{{name}}",\n  "type": "module",\n  "scripts": {}\n}\n',
          'config/settings.yaml': `${SETTINGS}otel:\n  enabled: true\n`,
          'src/main.js': 'export default 1;\n',
        },
      },
    },
  });
});

describe('platform upgrade with template migrations', () => {
  it('skips a major version: 1.0.0 → 3.0.0 runs every migration in order and keeps local edits', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await commitEdits(dir, {
      'config/app.yaml': '# ours\nlevel: debug\nport: 8080\n',
      'src/index.js': 'module.exports = "ours";\n',
      'legacy-edited.txt': 'we still use this\n',
    });
    const { exitCode, doc, stderr } = await upgradeJson(dir);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(doc).toMatchObject({ from: '1.0.0', to: '3.0.0' });
    // The renamed file carries the team's edit to its new path, plus the template's new key.
    expect(existsSync(path.join(dir, 'config/app.yaml'))).toBe(false);
    expect(await read(dir, 'config/settings.yaml')).toBe(
      '# ours\nlevel: debug\nport: 8080\notel:\n  enabled: true\n',
    );
    // A seeded file moves but keeps the team's content.
    expect(existsSync(path.join(dir, 'src/index.js'))).toBe(false);
    expect(await read(dir, 'src/main.js')).toBe('module.exports = "ours";\n');
    expect(JSON.parse(await read(dir, 'package.json'))).toEqual({
      name: 'orders',
      type: 'module',
      scripts: {},
    });
    expect(existsSync(path.join(dir, 'legacy.txt'))).toBe(false);
    expect(await read(dir, 'legacy-edited.txt')).toBe('we still use this\n');
    const notes = (
      doc as unknown as { migrations: { step: string; outcome: string; version: string }[] }
    ).migrations;
    expect(notes.map((n) => `${n.version} ${n.outcome} ${n.step}`)).toEqual([
      '2.0.0 applied rename config/app.yaml → config/settings.yaml',
      '2.0.0 applied rename src/index.js → src/main.js',
      '3.0.0 applied set package.json#/type = "module"',
      '3.0.0 applied remove package.json#/scripts/legacy',
      '3.0.0 applied set config/settings.yaml#/otel/enabled = true',
      '3.0.0 applied delete legacy.txt',
      '3.0.0 skipped delete legacy-edited.txt',
    ]);
    expect(await recordedVersion(dir)).toBe('3.0.0');
  });

  it('stops at --to and runs only the migrations up to it', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const { exitCode, doc } = await upgradeJson(dir, ['--to', '2.0.0']);
    expect(exitCode).toBe(0);
    expect(doc.to).toBe('2.0.0');
    expect(await read(dir, 'config/settings.yaml')).toBe(SETTINGS);
    expect(JSON.parse(await read(dir, 'package.json'))).toMatchObject({ type: 'commonjs' });
  });
});
