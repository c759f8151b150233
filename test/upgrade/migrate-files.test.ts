import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../../src/catalog/manifest.js';
import type { FileMap } from '../../src/upgrade/file-map.js';
import { migrateFiles, pointerSegments } from '../../src/upgrade/migrate-files.js';

const map = (files: Record<string, string>): FileMap =>
  new Map(
    Object.entries(files).map(([p, c]) => [
      p,
      { kind: 'file', content: Buffer.from(c), mode: 0o644 },
    ]),
  );
const text = (files: FileMap, file: string) => files.get(file)?.content.toString();

describe('migrateFiles', () => {
  it('sets and removes JSON keys, keeping the indent and final newline', () => {
    const pkg = '{\n    "name": "x",\n    "scripts": {\n        "old": "y"\n    }\n}\n';
    const { current } = migrateFiles(map({}), map({ 'package.json': pkg }), [
      {
        version: '2.0.0',
        step: { setKey: { file: 'package.json', pointer: '/engines/node', value: '>=24' } },
      },
      { version: '2.0.0', step: { removeKey: { file: 'package.json', pointer: '/scripts/old' } } },
    ]);
    expect(text(current, 'package.json')).toBe(
      '{\n    "name": "x",\n    "scripts": {},\n    "engines": {\n        "node": ">=24"\n    }\n}\n',
    );
  });

  it('edits YAML keeping comments, and unescapes ~1 and ~0 in pointers', () => {
    const yaml = '# owned by us\nmetadata:\n  annotations:\n    a/b: 1 # keep\n';
    const { current } = migrateFiles(map({}), map({ 'c.yaml': yaml }), [
      {
        version: '2.0.0',
        step: { setKey: { file: 'c.yaml', pointer: '/metadata/annotations/a~1b', value: 2 } },
      },
      {
        version: '2.0.0',
        step: { setKey: { file: 'c.yaml', pointer: '/spec/type', value: 'service' } },
      },
    ]);
    expect(text(current, 'c.yaml')).toBe(
      '# owned by us\nmetadata:\n  annotations:\n    a/b: 2 # keep\nspec:\n  type: service\n',
    );
    expect(pointerSegments('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
  });

  it('does not move a file onto a different local file, and says why', () => {
    const { current, notes } = migrateFiles(map({ a: '1' }), map({ a: '1', b: 'ours' }), [
      { version: '2.0.0', step: { rename: { from: 'a', to: 'b' } } },
    ]);
    expect(text(current, 'a')).toBe('1');
    expect(text(current, 'b')).toBe('ours');
    expect(notes[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'b already exists; a was left in place',
    });
  });

  it('skips a key step on a local file that no longer parses', () => {
    const { current, notes } = migrateFiles(
      map({ 'p.json': '{}' }),
      map({ 'p.json': '{ broken' }),
      [{ version: '2.0.0', step: { setKey: { file: 'p.json', pointer: '/a', value: 1 } } }],
    );
    expect(text(current, 'p.json')).toBe('{ broken');
    expect(notes[0]?.outcome).toBe('skipped');
    expect(notes[0]?.reason).toMatch(/could not be parsed/);
  });
});

describe('the migrations: manifest field', () => {
  const base = { schemaVersion: 1, id: 'svc', version: '2.0.0', name: 'S', description: 'D' };
  it('accepts the four step kinds', () => {
    const parsed = manifestSchema.parse({
      ...base,
      migrations: [
        { rename: { from: 'a', to: 'b/c' } },
        { delete: 'old.txt' },
        { setKey: { file: 'package.json', pointer: '/type', value: 'module' } },
        { removeKey: { file: 'x.yaml', pointer: '/a' } },
      ],
    });
    expect(parsed.migrations).toHaveLength(4);
  });
  it('rejects paths that leave the service and unknown steps', () => {
    expect(
      manifestSchema.safeParse({ ...base, migrations: [{ delete: '../etc/passwd' }] }).success,
    ).toBe(false);
    expect(manifestSchema.safeParse({ ...base, migrations: [{ chmod: 'a' }] }).success).toBe(false);
    expect(
      manifestSchema.safeParse({
        ...base,
        migrations: [{ setKey: { file: 'a.json', pointer: 'a', value: 1 } }],
      }).success,
    ).toBe(false);
  });
});
