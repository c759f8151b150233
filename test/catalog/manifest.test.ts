import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/catalog/load-manifest.js';
import { UserError } from '../../src/errors.js';

const base = `schemaVersion: 1
id: demo
version: 1.0.0
name: Demo
description: A demo.
`;

async function problems(text: string): Promise<string[]> {
  try {
    await parseManifest(text, 'template.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).details;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('template manifest schema', async () => {
  it('accepts a minimal manifest and fills the defaults', async () => {
    const manifest = await parseManifest(base, 'template.yaml');
    expect(manifest.parameters).toEqual([]);
    expect(manifest.files).toEqual({ managed: [], merged: [], seeded: [], when: {} });
    expect(manifest.ownerOrder).toEqual(['managed', 'merged', 'seeded']);
  });

  it('keeps the order in which the ownership lists were written', async () => {
    const manifest = await parseManifest(
      `${base}files:\n  seeded: ["src/**"]\n  managed: ["src/x.ts"]\n`,
      't',
    );
    expect(manifest.ownerOrder).toEqual(['seeded', 'managed', 'merged']);
  });

  it('names the field of every problem', async () => {
    const text =
      base.replace('id: demo', 'id: Demo_1').replace('1.0.0', 'one') +
      `parameters:
  - name: port
    type: number
    default: "x"
  - name: db
    type: enum
  - name: port
    type: string
    pattern: "("
files:
  when:
    "x/**": { nope: 1 }
`;
    const found = await problems(text);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id: must match/),
        expect.stringMatching(/^version: must be a semver/),
        expect.stringMatching(/^parameters\[0\]\.default: must be a number/),
        expect.stringMatching(/^parameters\[1\]\.choices: an enum parameter needs choices/),
        expect.stringMatching(/^parameters\[2\]\.pattern: is not a supported regular expression/),
        expect.stringMatching(/^parameters\[2\]\.name: duplicate/),
        expect.stringMatching(/^files\.when\.x\/\*\*\.nope: is not a declared parameter/),
      ]),
    );
  });

  it('rejects unknown keys, so typos surface', async () => {
    expect((await problems(`${base}paramters: []\n`)).join()).toMatch(/paramters/);
  });

  it('validates checks: one kind each, pointers and ranges', async () => {
    const check = (extra: string) =>
      `${base}checks:\n  - id: ci.scan\n    category: ci\n    severity: error\n    message: m\n    file: a\n${extra}`;
    await expect(parseManifest(check('    contains: gitleaks\n'), 't')).resolves.toBeDefined();
    await expect(
      parseManifest(check('    json: /engines/node\n    satisfies: ">=22"\n'), 't'),
    ).resolves.toBeDefined();
    expect((await problems(check('    contains: a\n    notContains: b\n'))).join()).toMatch(
      /exactly one/,
    );
    expect((await problems(check('    json: engines\n'))).join()).toMatch(
      /checks\[0\]\.json: must be a JSON Pointer/,
    );
    expect((await problems(check('    json: /x\n    satisfies: "not a range"\n'))).join()).toMatch(
      /satisfies: must be a semver range/,
    );
  });

  it('takes a when: condition on checks, naming declared parameters only', async () => {
    const text = `${base}parameters:
  - name: ci
    type: enum
    choices: [github, gitlab]
    default: github
checks:
  - id: ci.scan
    category: ci
    severity: error
    message: m
    file: .gitlab-ci.yml
    contains: gitleaks
    when: { ci: gitlab }
`;
    expect((await parseManifest(text, 't')).checks[0]?.when).toEqual({ ci: 'gitlab' });
    expect((await problems(text.replace('{ ci: gitlab }', '{ cd: gitlab }'))).join()).toMatch(
      /checks\[0\]\.when\.cd: is not a declared parameter/,
    );
  });

  it('reports YAML syntax errors with the file name', async () => {
    await expect(parseManifest('id: [', 'cat: demo/1.0.0/template.yaml')).rejects.toThrow(
      /cat: demo\/1\.0\.0\/template\.yaml is not valid YAML/,
    );
  });

  it('takes patternMessage with a pattern, and min, max and integer on numbers only', async () => {
    const manifest = await parseManifest(
      `${base}parameters:
  - { name: name, type: string, pattern: "^[a-z]+$", patternMessage: must be lower-case letters }
  - { name: port, type: number, default: 8080, integer: true, min: 1, max: 65535 }
`,
      't',
    );
    expect(manifest.parameters[0]?.patternMessage).toBe('must be lower-case letters');
    expect(manifest.parameters[1]).toMatchObject({ integer: true, min: 1, max: 65535 });
    expect(
      await problems(`${base}parameters:
  - { name: a, type: string, patternMessage: lonely }
  - { name: b, type: string, min: 1 }
  - { name: c, type: number, min: 5, max: 1 }
  - { name: d, type: number, default: 0, min: 1 }
  - { name: e, type: number, default: 1.5, integer: true }
`),
    ).toEqual([
      'parameters[0].patternMessage: needs a pattern to describe',
      'parameters[1].min: only number parameters take min, max and integer',
      'parameters[2].max: must not be below min (5)',
      'parameters[3].default: must be at least 1',
      'parameters[4].default: must be a whole number',
    ]);
  });
});
