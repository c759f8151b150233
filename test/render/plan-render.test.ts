import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/catalog/load-manifest.js';
import { planRender, sha256 } from '../../src/render/plan-render.js';
import type { TemplateFile } from '../../src/render/template-files.js';
import { undeclaredVariableUses } from '../../src/render/validate-template.js';

const manifest = await parseManifest(
  `schemaVersion: 1
id: demo
version: 1.0.0
name: Demo
description: d
parameters:
  - { name: name, type: string, required: true }
  - { name: database, type: enum, choices: [none, postgres], default: none }
  - { name: metrics, type: boolean, default: true }
  - { name: note, type: string }
files:
  managed: [".github/**", "Dockerfile"]
  seeded: ["src/**"]
  when:
    "deploy/postgres/**": { database: postgres }
`,
  't',
);

const cli = { package: '@acme/platform-cli', version: '2.3.4' };

const file = (
  path: string,
  content: string | Buffer,
  extra: Partial<TemplateFile> = {},
): TemplateFile => ({
  path,
  kind: 'file',
  content: Buffer.from(content),
  mode: 0o644,
  ...extra,
});

describe('planRender', () => {
  const files = [
    file('package.json.hbs', '{"name":"{{kebabCase name}}"}'),
    file(
      'src/{{camelCase name}}.ts.hbs',
      'export const {{pascalCase name}} = 1;{{#if note}}// {{note}}{{/if}}',
    ),
    file('Dockerfile', 'FROM node:{{not rendered}}'),
    file('.github/workflows/ci.yml.hbs', 'sha: $\\{{ github.sha }}'),
    file('deploy/postgres/db.yaml', 'db'),
    file('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x7b, 0x7b])),
  ];

  it('renders paths and .hbs contents, copies other files byte for byte, and assigns owners', () => {
    const plan = planRender({
      manifest,
      catalog: 'builtin',
      cli,
      files,
      answers: { name: 'Order Service', database: 'none', metrics: true },
    });
    const byPath = Object.fromEntries(plan.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual([
      '.github/workflows/ci.yml',
      'Dockerfile',
      'logo.png',
      'package.json',
      'src/orderService.ts',
    ]);
    expect(byPath['package.json']!.content.toString()).toBe('{"name":"order-service"}');
    expect(byPath['src/orderService.ts']!.content.toString()).toBe(
      'export const OrderService = 1;',
    );
    expect(byPath['Dockerfile']!.content.toString()).toBe('FROM node:{{not rendered}}');
    expect(byPath['.github/workflows/ci.yml']!.content.toString()).toBe('sha: ${{ github.sha }}');
    expect(byPath['logo.png']!.content).toEqual(files[5]!.content);
    expect(Object.fromEntries(plan.files.map((f) => [f.path, f.owner]))).toEqual({
      'package.json': 'merged',
      'src/orderService.ts': 'seeded',
      Dockerfile: 'managed',
      '.github/workflows/ci.yml': 'managed',
      'logo.png': 'merged',
    });
    expect(byPath['package.json']!.sha256).toBe(sha256('{"name":"order-service"}'));
    expect(plan.skipped).toEqual(['deploy/postgres/db.yaml']);
    expect(plan.template).toEqual({ catalog: 'builtin', id: 'demo', version: '1.0.0' });
  });

  it('includes when: files once their condition holds', () => {
    const plan = planRender({
      manifest,
      catalog: 'x',
      cli,
      files,
      answers: { name: 'a', database: 'postgres', metrics: true },
    });
    expect(plan.files.map((f) => f.path)).toContain('deploy/postgres/db.yaml');
    expect(plan.skipped).toEqual([]);
  });

  it('refuses paths that render outside the target', () => {
    const bad = [file('{{name}}/x.txt', 'x')];
    expect(() =>
      planRender({ manifest, catalog: 'x', files: bad, answers: { name: '..' }, cli }),
    ).toThrow(/renders to "\.\.\/x\.txt": the path leads out/);
    expect(() =>
      planRender({
        manifest,
        catalog: 'x',
        cli,
        files: [file('link', '', { kind: 'symlink', linkTarget: '../../etc' })],
        answers: { name: 'a' },
      }),
    ).toThrow(/leads out of the target/);
  });

  it('refuses two files that render to the same path', () => {
    const clash = [file('a.txt', 'x'), file('{{name}}.txt', 'y')];
    expect(() =>
      planRender({ manifest, catalog: 'x', files: clash, answers: { name: 'a' }, cli }),
    ).toThrow(/both render to a\.txt/);
  });

  it('fails on an undeclared variable instead of rendering it empty', () => {
    expect(() =>
      planRender({
        manifest,
        catalog: 'x',
        cli,
        files: [file('a.hbs', '{{nmae}}')],
        answers: { name: 'a' },
      }),
    ).toThrow(/files\/a\.hbs does not render/);
  });
});

describe('undeclared variables, in every branch', () => {
  it('finds undeclared names in untaken branches and paths, and allows helpers, locals and literals', () => {
    const files = [
      file(
        'a.hbs',
        '{{#if metrics}}{{port}}{{else}}{{name}}{{/if}}\n{{#each list as |item|}}{{item}}{{this}}{{/each}}\n{{upperCase name}} \\{{ literal }}',
      ),
      file('{{dir}}/b.txt', ''),
      file('c.hbs', '{{#if (eq database "postgres")}}{{@root.host}}{{/if}}'),
    ];
    expect(undeclaredVariableUses(manifest, files)).toEqual([
      'files/a.hbs:1: {{port}} is not a declared parameter',
      'files/a.hbs:2: {{list}} is not a declared parameter',
      'files/{{dir}}/b.txt (path): {{dir}} is not a declared parameter',
      'files/c.hbs:1: {{host}} is not a declared parameter',
    ]);
  });

  it('reports Handlebars syntax errors with the file', () => {
    expect(undeclaredVariableUses(manifest, [file('bad.hbs', '{{#if name}}')])[0]).toMatch(
      /files\/bad\.hbs: the content is not valid Handlebars/,
    );
  });

  it('exposes @platform data variables apart from the answers, catalog only when fetchable', () => {
    const source =
      '{{@platform.cli.package}}@{{@platform.cli.version}} {{@platform.template.id}}@{{@platform.template.version}} [{{@platform.template.catalog}}]{{#if @platform.template.catalog}} --catalog {{@platform.template.catalog}}{{/if}}';
    const rendered = (catalog: string) =>
      planRender({
        manifest,
        catalog,
        files: [file('ci.txt.hbs', source)],
        answers: { name: 'platform' },
        cli,
      }).files[0]!.content.toString();
    expect(rendered('builtin')).toBe('@acme/platform-cli@2.3.4 demo@1.0.0 []');
    expect(rendered('templates')).toBe('@acme/platform-cli@2.3.4 demo@1.0.0 []');
    expect(rendered('git+https://git.acme.dev/t.git')).toBe(
      '@acme/platform-cli@2.3.4 demo@1.0.0 [git+https://git.acme.dev/t.git] --catalog git+https://git.acme.dev/t.git',
    );
    expect(rendered('npm:@acme/templates@1.4.0')).toContain('--catalog npm:@acme/templates@1.4.0');
  });

  it('escapes strings with the json helper, quotes included', () => {
    const plan = planRender({
      manifest,
      catalog: 'x',
      files: [file('package.json.hbs', '{"description": {{json note}} }')],
      answers: { name: 'a', note: 'says "hi"\\ \n' },
      cli,
    });
    expect(JSON.parse(plan.files[0]!.content.toString())).toEqual({
      description: 'says "hi"\\ \n',
    });
  });

  it('accepts the reserved @platform variables and names an unknown one', () => {
    const uses = undeclaredVariableUses(manifest, [
      file('a.hbs', '{{@platform.cli.version}} {{#with name}}{{@index}}{{/with}}'),
      file('b.hbs', '{{@platform.cli.nope}}'),
    ]);
    expect(uses).toEqual([
      'files/b.hbs:1: {{@platform.cli.nope}} is not a reserved variable (@platform.cli.package, @platform.cli.version, @platform.template.id, @platform.template.version, @platform.template.catalog)',
    ]);
  });
});
