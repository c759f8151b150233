import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';
import { fixtureCatalog } from './fixtures.js';

describe('platform templates', () => {
  it('lists templates from --catalog first, then the builtin catalog', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const text = await runBin('platform', ['templates', 'list', '--catalog', catalog], { cwd });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/svc\s+1\.1\.0\s+The svc template\./);
    expect(text.stdout).toMatch(/node-http-service/);
    const json = JSON.parse(
      (await runBin('platform', ['templates', 'list', '--catalog', catalog, '--json'], { cwd }))
        .stdout,
    );
    expect(json.schemaVersion).toBe(1);
    expect(json.templates[0]).toMatchObject({
      id: 'svc',
      latest: '1.1.0',
      versions: ['1.1.0', '1.0.0'],
      catalog,
    });
    const builtin = json.templates.find((t: { id: string }) => t.id === 'node-http-service');
    expect(builtin.catalog).toBe('builtin');
    expect(builtin.versions).toContain('1.0.0');
  });

  it('lists the readable versions of a template whose newest manifest is broken, and names it', async () => {
    const manifest = (id: string, version: string) =>
      `schemaVersion: 1\nid: ${id}\nversion: ${version}\nname: ${id}\ndescription: The ${id} template.\nparameters: []\n`;
    const catalog = await testdir({
      'api/1.0.0/template.yaml': manifest('api', '1.0.0'),
      'api/1.0.0/files/README.md': 'api\n',
      'api/2.0.0/template.yaml': 'schemaVersion: 1\nid: api\nversion: 2.0.0\nparameters: 7\n',
      'api/2.0.0/files/README.md': 'api\n',
      'gone/1.0.0/template.yaml': 'not: [valid\n',
      'gone/1.0.0/files/README.md': 'gone\n',
    });
    const cwd = await testdir();
    const text = await runBin('platform', ['templates', 'list', '--catalog', catalog], { cwd });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/api\s+1\.0\.0\s+The api template\./);
    expect(text.stderr).toMatch(/api@2\.0\.0 is left out: .+/);
    expect(text.stderr).toMatch(/gone@1\.0\.0 is left out: .+/);
    const json = JSON.parse(
      (await runBin('platform', ['templates', 'list', '--catalog', catalog, '--json'], { cwd }))
        .stdout,
    );
    expect(json.templates.find((t: { id: string }) => t.id === 'api')).toMatchObject({
      latest: '1.0.0',
      versions: ['1.0.0'],
      broken: [{ version: '2.0.0', reason: expect.any(String) }],
    });
    expect(json.templates.find((t: { id: string }) => t.id === 'gone')).toMatchObject({
      versions: [],
    });
  });

  it('validate passes every built-in template version and names each problem of a bad one', async () => {
    const cwd = await testdir();
    for (const dir of ['node-http-service/1.0.0', 'node-worker/1.1.0']) {
      const ok = await runBin(
        'platform',
        ['templates', 'validate', path.join(ROOT, 'templates', dir)],
        { cwd },
      );
      expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/is valid: \d+ files, \d+ parameters, \d+ checks\./);
    }
    const catalog = await testdir({
      'api/2.0.0/template.yaml':
        'schemaVersion: 1\nid: api\nversion: 2.0.1\nname: Api\ndescription: x\nparameters:\n  - { name: name, type: string, required: true }\n',
      'api/2.0.0/files/README.md.hbs': 'hi\n{{nmae}}\n',
      'api/2.0.0/files/.git/config': 'x\n',
      'broken/1.0.0/template.yaml': 'schemaVersion: 1\nid: broken\nversion: 1.0.0\nparameters: 7\n',
    });
    await symlink('/etc/passwd', path.join(catalog, 'api/2.0.0/files/link'));
    const bad = await runBin(
      'platform',
      ['templates', 'validate', path.join(catalog, 'api/2.0.0'), '--json'],
      { cwd },
    );
    expect(bad.exitCode).toBe(1);
    const doc = JSON.parse(bad.stdout);
    expect(doc).toMatchObject({ valid: false, template: { id: 'api', version: '2.0.1' } });
    expect(doc.problems).toEqual([
      'template.yaml: version is 2.0.1, but the folder is 2.0.0',
      'files/README.md.hbs:2: {{nmae}} is not a declared parameter',
      'template.yaml: parameters: name is declared but no file, path or when: uses it',
      'files/.git/config: the path writes into .git/',
      'files/link: the link points at the absolute path /etc/passwd',
    ]);
    const schema = await runBin(
      'platform',
      ['templates', 'validate', path.join(catalog, 'broken/1.0.0')],
      { cwd },
    );
    expect(schema.exitCode).toBe(1);
    expect(schema.stdout).toMatch(/template\.yaml: parameters: /);
    const missing = await runBin(
      'platform',
      ['templates', 'validate', path.join(catalog, 'nope')],
      {
        cwd,
      },
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
  });

  it('validate names what the manifest declares but nothing uses, and regexes that do not compile', async () => {
    const cwd = await testdir();
    const manifest = [
      'schemaVersion: 1',
      'id: api',
      'version: 1.0.0',
      'name: Api',
      'description: x',
      'parameters:',
      '  - { name: name, type: string, required: true }',
      '  - { name: region, type: string, default: eu }',
      '  - { name: ci, type: enum, choices: [github, gitlab], default: github }',
      '  - { name: db, type: enum, choices: [none, pg], default: none }',
      'files:',
      "  managed: ['.github/workflows/**', 'Dockerfile']",
      "  seeded: ['src/**']",
      '  when:',
      "    '.github/**': { ci: github }",
      "    'deploy/pg/**': { db: pg }",
      'checks:',
      '  - { id: ci.present, category: ci, severity: error, message: CI runs., file: .github/workflows/ci.yml, exists: true }',
      '  - { id: ci.gitlab, category: ci, severity: error, message: GitLab CI runs., file: .gitlab-ci.yml, contains: check }',
      '  - { id: ci.no-travis, category: ci, severity: error, message: No Travis., file: .travis.yml, exists: false }',
      '',
    ].join('\n');
    const catalog = await testdir({
      'api/1.0.0/template.yaml': manifest,
      'api/1.0.0/files/README.md.hbs': '# {{name}}\n',
      'api/1.0.0/files/.github/workflows/ci.yml': 'on: push\n',
      'api/1.0.0/files/src/{{name}}.ts': 'export {};\n',
      'bad/1.0.0/template.yaml': manifest
        .replace('id: api', 'id: bad')
        .replace('default: eu }', "default: eu, pattern: '([a-z' }"),
      'bad/1.0.0/files/README.md.hbs': '# {{name}} {{region}}\n',
    });
    const result = await runBin(
      'platform',
      ['templates', 'validate', path.join(catalog, 'api/1.0.0'), '--json'],
      { cwd },
    );
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).problems).toEqual([
      'template.yaml: parameters: region is declared but no file, path or when: uses it',
      'template.yaml: files.managed: "Dockerfile" matches no file under files/',
      'template.yaml: files.when: "deploy/pg/**" matches no file under files/',
      'template.yaml: checks: ci.gitlab looks at .gitlab-ci.yml, which no render of this template produces',
    ]);
    const regex = await runBin(
      'platform',
      ['templates', 'validate', path.join(catalog, 'bad/1.0.0')],
      { cwd },
    );
    expect(regex.exitCode).toBe(1);
    expect(regex.stdout).toMatch(
      /template\.yaml: parameters\[1\]\.pattern: is not a supported regular expression/,
    );
  });

  it('test renders the defaults and every enum choice, checks each, and upgrades from the previous version', async () => {
    const cwd = await testdir();
    const builtin = await runBin(
      'platform',
      ['templates', 'test', path.join(ROOT, 'templates/node-http-service/1.1.0'), '--json'],
      { cwd },
    );
    expect(builtin.exitCode, builtin.stdout + builtin.stderr).toBe(0);
    const doc = JSON.parse(builtin.stdout) as {
      combinations: Array<{ name: string; answers: Record<string, string>; ok: boolean }>;
    };
    expect(doc).toMatchObject({
      ok: true,
      answers: { name: 'sample-service' },
      validation: { status: 'passed' },
      upgrade: { name: 'upgrades from 1.0.0', status: 'passed' },
    });
    expect(doc.combinations.map((c) => c.name)).toEqual([
      'defaults',
      'lifecycle=production',
      'lifecycle=deprecated',
      'ci=gitlab',
    ]);
    expect(doc.combinations.find((c) => c.name === 'ci=gitlab')).toMatchObject({
      ok: true,
      answers: { name: 'sample-service', ci: 'gitlab' },
      steps: [
        { name: 'renders', status: 'passed' },
        { name: 'passes its checks', status: 'passed' },
      ],
    });

    const manifest = (version: string, checks = '') =>
      `schemaVersion: 1\nid: api\nversion: ${version}\nname: Api\ndescription: x\nparameters:\n  - { name: code, type: string, required: true, pattern: '^[0-9]{3}$' }\n${checks}`;
    const check =
      'checks:\n  - { id: docs.readme-code, category: template, severity: error, message: The README names the code., file: README.md, contains: "Code: " }\n';
    const catalog = await testdir({
      'api/1.0.0/template.yaml': manifest('1.0.0'),
      'api/1.0.0/files/README.md.hbs': '# {{code}}\n',
      'api/1.1.0/template.yaml': manifest('1.1.0', check),
      'api/1.1.0/files/README.md.hbs': '# {{code}}\n',
    });
    const dir = path.join(catalog, 'api/1.1.0');
    const noSample = await runBin('platform', ['templates', 'test', dir], { cwd });
    expect(noSample.exitCode).toBe(2);
    expect(noSample.stderr).toContain('--set code=');
    const failing = await runBin('platform', ['templates', 'test', dir, '--set', 'code=123'], {
      cwd,
    });
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toMatch(
      /✖ defaults \(code=123\)\n\s+✔ renders\n\s+✖ passes its checks\n\s+docs\.readme-code: /,
    );
    expect(failing.stdout).toMatch(/✖ upgrades from 1\.0\.0\n\s+docs\.readme-code: /);
    expect(failing.stdout).toContain('✖ api@1.1.0 fails.');
  });

  it('test renders one combination per choice of two enums and a boolean, and names the one that breaks a check', async () => {
    const cwd = await testdir();
    const catalog = await testdir({
      'svc/1.0.0/template.yaml': [
        'schemaVersion: 1',
        'id: svc',
        'version: 1.0.0',
        'name: Svc',
        'description: x',
        'parameters:',
        '  - { name: ci, type: enum, choices: [github, gitlab], default: github }',
        '  - { name: db, type: enum, choices: [none, postgres, mysql], default: none }',
        '  - { name: metrics, type: boolean, default: true }',
        'checks:',
        '  - { id: docs.db-named, category: template, severity: error, message: The README names a supported database., file: README.md, notContains: mysql }',
        '',
      ].join('\n'),
      'svc/1.0.0/files/README.md.hbs': '# svc\nci: {{ci}}\ndb: {{db}}\nmetrics: {{metrics}}\n',
    });
    const result = await runBin(
      'platform',
      ['templates', 'test', path.join(catalog, 'svc/1.0.0'), '--json'],
      { cwd },
    );
    expect(result.exitCode, result.stderr).toBe(1);
    const doc = JSON.parse(result.stdout) as {
      ok: boolean;
      upgrade: { status: string };
      combinations: Array<{ name: string; ok: boolean; steps: Array<{ details: string[] }> }>;
    };
    expect(doc.ok).toBe(false);
    expect(doc.upgrade.status).toBe('skipped');
    expect(doc.combinations.map((c) => [c.name, c.ok])).toEqual([
      ['defaults', true],
      ['ci=gitlab', true],
      ['db=postgres', true],
      ['db=mysql', false],
      ['metrics=false', true],
    ]);
    expect(doc.combinations[3]!.steps[1]!.details.join('\n')).toMatch(/docs\.db-named/);
    const text = await runBin('platform', ['templates', 'test', path.join(catalog, 'svc/1.0.0')], {
      cwd,
    });
    expect(text.stdout).toMatch(/✖ db=mysql \(db=mysql\)\n\s+✔ renders\n\s+✖ passes its checks/);
    expect(text.stdout).toMatch(
      /– upgrades from the previous version \(skipped: no earlier version\)/,
    );
  });

  it('shows one template with its versions and parameters', async () => {
    const [cwd, catalog] = await Promise.all([testdir(), fixtureCatalog()]);
    const text = await runBin(
      'platform',
      ['templates', 'show', 'svc@1.0.0', '--catalog', catalog],
      { cwd },
    );
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain('svc@1.0.0');
    expect(text.stdout).toMatch(/Versions: 1\.1\.0, 1\.0\.0/);
    expect(text.stdout).toMatch(/--set database=\s+one of none\|postgres, default "none"/);
    const json = JSON.parse(
      (
        await runBin('platform', ['templates', 'show', 'svc', '--catalog', catalog, '--json'], {
          cwd,
        })
      ).stdout,
    );
    expect(json.template).toMatchObject({ id: 'svc', version: '1.1.0' });
    expect(json.template.parameters.map((p: { name: string }) => p.name)).toEqual([
      'name',
      'port',
      'database',
      'metrics',
    ]);
    const missing = await runBin('platform', ['templates', 'show', 'nope', '--catalog', catalog], {
      cwd,
    });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/Unknown template "nope"/);

    // A check id listed once per `when:` branch is shown with the condition that selects it.
    const builtin = await runBin('platform', ['templates', 'show', 'node-http-service@1.1.0'], {
      cwd,
    });
    expect(builtin.stdout).toMatch(/ci\.secret-scan \(error; when ci=github\)/);
    expect(builtin.stdout).toMatch(/ci\.secret-scan \(error; when ci=gitlab\)/);
  });

  it('answers --help and --version, and rejects unknown commands with exit 2', async () => {
    const cwd = await testdir();
    const help = await runBin('platform', ['--help'], { cwd });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/templates/);
    expect((await runBin('platform', ['--version'], { cwd })).stdout.trim()).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
    const bad = await runBin('platform', ['frobnicate'], { cwd });
    expect(bad.exitCode).toBe(2);
  });
});
