import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/catalog/load-manifest.js';
import { UserError } from '../../src/errors.js';
import { assertRenderParses, findSyntaxProblems } from '../../src/render/check-render-syntax.js';
import { planRender, type Answers } from '../../src/render/plan-render.js';
import type { TemplateFile } from '../../src/render/template-files.js';

const cli = { package: 'create-service', version: '0.1.0' };

const manifest = await parseManifest(
  `schemaVersion: 1
id: demo
version: 1.0.0
name: Demo
description: d
parameters:
  - { name: name, type: string, required: true }
  - { name: description, type: string, default: A service }
  - { name: port, type: number, default: 8080 }
`,
  't',
);

const file = (path: string, content: string): TemplateFile => ({
  path,
  kind: 'file',
  content: Buffer.from(content),
  mode: 0o644,
});

const files = [
  file('package.json.hbs', '{ "name": "{{name}}", "description": "{{description}}" }\n'),
  file('safe.json.hbs', '{ "description": {{json description}}, "port": {{port}} }\n'),
  file('deploy/{{name}}.yaml.hbs', 'a: 1\n---\nname: {{name}}\nport: {{port}}\n'),
  file('ci.yml.hbs', 'run: echo {{description}}\n'),
  // Copied as is, so never parsed: a JSONC tsconfig is the author's business.
  file('tsconfig.json', '{ /* comments */ "compilerOptions": {}, }\n'),
];

const problems = (answers: Answers) =>
  findSyntaxProblems(planRender({ manifest, catalog: 'builtin', files, answers, cli }).files, {
    manifest,
    files,
  });

describe('renders that parse', async () => {
  it('accepts JSON, multi-document YAML and copied files as they are', async () => {
    expect(await problems({ name: 'orders', description: 'A service', port: 8080 })).toEqual([]);
  });

  it('names each file that does not parse and the answers its template uses', async () => {
    const found = await problems({ name: 'orders', description: 'Say "hi": now', port: 8080 });
    expect(found).toEqual([
      {
        path: 'package.json',
        format: 'JSON',
        reason: 'line 1',
        answers: ['description', 'name'],
      },
      { path: 'ci.yml', format: 'YAML', reason: 'line 1', answers: ['description'] },
    ]);
  });

  it('counts the answers in a file path, and refuses with a UserError listing every file', async () => {
    const answers = { name: 'x: "[', description: 'ok', port: 1 };
    const plan = planRender({ manifest, catalog: 'builtin', files, answers, cli });
    const e = (await assertRenderParses(plan.files, { manifest, files }).catch(
      (error: unknown) => error,
    )) as UserError;
    expect(e).toBeInstanceOf(UserError);
    {
      expect(e.message).toBe(
        'The render is refused: 2 files do not parse: package.json, deploy/x: "[.yaml',
      );
      expect(e.details).toEqual([
        'package.json: not JSON (line 1); uses the answers description, name',
        'deploy/x: "[.yaml: not YAML (line 3); uses the answers name, port',
      ]);
    }
  });
});
