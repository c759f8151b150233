import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/catalog/manifest.js';
import { manifestSchema } from '../../src/catalog/manifest.js';
import { planRender, type RenderPlan } from '../../src/render/plan-render.js';
import type { FileMap } from '../../src/upgrade/file-map.js';
import { changesDisk, planUpgrade, type FileDecision } from '../../src/upgrade/plan-upgrade.js';

const NUL = Buffer.from([0x89, 0x50, 0x00, 0x01]);

function render(version: string, files: Record<string, string | Buffer>): RenderPlan {
  const manifest: Manifest = {
    ...manifestSchema.parse({
      schemaVersion: 1,
      id: 'svc',
      version,
      name: 'Svc',
      description: 'Test.',
      files: { managed: ['managed/**'], seeded: ['seeded/**'] },
    }),
    ownerOrder: ['managed', 'merged', 'seeded'],
  };
  return planRender({
    manifest,
    catalog: 'builtin',
    cli: { package: 'create-service', version: '0.1.0' },
    answers: {},
    files: Object.entries(files).map(([path, content]) => ({
      path,
      kind: 'file' as const,
      content: Buffer.from(content),
      mode: 0o644,
    })),
  });
}

function disk(files: Record<string, string | Buffer>): FileMap {
  return new Map(
    Object.entries(files).map(([p, c]) => [
      p,
      { kind: 'file', content: Buffer.from(c), mode: 0o644 },
    ]),
  );
}

function decisionFor(
  base: Record<string, string | Buffer>,
  target: Record<string, string | Buffer>,
  current: Record<string, string | Buffer>,
  path: string,
): FileDecision {
  const plan = planUpgrade({
    base: render('1.0.0', base),
    target: render('1.1.0', target),
    current: disk(current),
  });
  const found = plan.files.find((f) => f.path === path);
  if (!found) throw new Error(`no decision for ${path}`);
  return found;
}

describe('planUpgrade', () => {
  it('adds a file new in the template', () => {
    const d = decisionFor({}, { 'a.txt': 'new\n' }, {}, 'a.txt');
    expect(d).toMatchObject({ action: 'add', owner: 'merged' });
    expect(d.result?.content.toString()).toBe('new\n');
  });

  it('replaces a managed file the team left alone', () => {
    const d = decisionFor(
      { 'managed/ci.yml': 'v1\n' },
      { 'managed/ci.yml': 'v2\n' },
      { 'managed/ci.yml': 'v1\n' },
      'managed/ci.yml',
    );
    expect(d).toMatchObject({ action: 'replace', owner: 'managed' });
    expect(d.localChange).toBeUndefined();
  });

  it('replaces a managed file the team edited, keeping its local change for a patch', () => {
    const d = decisionFor(
      { 'managed/ci.yml': 'v1\n' },
      { 'managed/ci.yml': 'v2\n' },
      { 'managed/ci.yml': 'mine\n' },
      'managed/ci.yml',
    );
    expect(d.action).toBe('replace');
    expect(d.result?.content.toString()).toBe('v2\n');
    expect(d.localChange?.before.toString()).toBe('v1\n');
    expect(d.localChange?.after.toString()).toBe('mine\n');
  });

  it('takes a template change into a merged file the team left alone', () => {
    const d = decisionFor(
      { 'README.md': 'a\n' },
      { 'README.md': 'b\n' },
      { 'README.md': 'a\n' },
      'README.md',
    );
    expect(d).toMatchObject({ action: 'replace', owner: 'merged' });
  });

  it('merges a merged file changed on both sides, leaving the merge to git', () => {
    const d = decisionFor(
      { 'README.md': 'a\n' },
      { 'README.md': 'b\n' },
      { 'README.md': 'c\n' },
      'README.md',
    );
    expect(d.action).toBe('merge');
    expect(d.result).toBeUndefined();
    expect(d.merge?.ours.toString()).toBe('c\n');
  });

  it('keeps seeded files even when the template changed them', () => {
    const d = decisionFor(
      { 'seeded/app.js': 'a' },
      { 'seeded/app.js': 'b' },
      { 'seeded/app.js': 'mine' },
      'seeded/app.js',
    );
    expect(d).toMatchObject({ action: 'keep', owner: 'seeded' });
    expect(changesDisk(d)).toBe(false);
  });

  it('keeps a file the team deleted deleted', () => {
    const d = decisionFor({ 'README.md': 'a' }, { 'README.md': 'b' }, {}, 'README.md');
    expect(d).toMatchObject({
      action: 'keep',
      result: null,
      reason: 'deleted locally: stays deleted',
    });
    expect(changesDisk(d)).toBe(false);
  });

  it('keeps local edits when the template did not change the file', () => {
    const d = decisionFor(
      { 'README.md': 'a' },
      { 'README.md': 'a' },
      { 'README.md': 'mine' },
      'README.md',
    );
    expect(d).toMatchObject({ action: 'keep' });
    expect(d.result?.content.toString()).toBe('mine');
  });

  it('removes a file the template dropped when it is unchanged', () => {
    const d = decisionFor({ 'old.txt': 'x' }, {}, { 'old.txt': 'x' }, 'old.txt');
    expect(d).toMatchObject({ action: 'remove', result: null });
    expect(changesDisk(d)).toBe(true);
  });

  it('keeps a file the template dropped when the team edited it, and says so', () => {
    const d = decisionFor({ 'old.txt': 'x' }, {}, { 'old.txt': 'edited' }, 'old.txt');
    expect(d.action).toBe('keep');
    expect(d.reason).toMatch(/dropped by the template but edited locally/);
  });

  it('marks a binary changed on both sides as a conflict and keeps the local bytes', () => {
    const local = Buffer.concat([NUL, Buffer.from('local')]);
    const d = decisionFor(
      { 'logo.png': NUL },
      { 'logo.png': Buffer.concat([NUL, Buffer.from('new')]) },
      { 'logo.png': local },
      'logo.png',
    );
    expect(d.action).toBe('conflict');
    expect(d.merge).toBeUndefined();
    expect(d.result?.content.equals(local)).toBe(true);
  });

  it('keeps a file already identical to the new render', () => {
    const d = decisionFor({ 'a.txt': '1' }, { 'a.txt': '2' }, { 'a.txt': '2' }, 'a.txt');
    expect(d).toMatchObject({ action: 'keep', reason: 'already up to date' });
  });

  it('merges a new merged file against a local file of the same name', () => {
    const d = decisionFor({}, { 'a.txt': 'template\n' }, { 'a.txt': 'local\n' }, 'a.txt');
    expect(d.action).toBe('merge');
    expect(d.merge?.base.length).toBe(0);
  });

  it('runs migrations on both sides before comparing', () => {
    const plan = planUpgrade({
      base: render('1.0.0', { 'old/name.txt': 'a\nb\n' }),
      target: render('2.0.0', { 'new/name.txt': 'a\nb\nc\n' }),
      current: disk({ 'old/name.txt': 'a\nb\n' }),
      migrations: [
        { version: '2.0.0', step: { rename: { from: 'old/name.txt', to: 'new/name.txt' } } },
      ],
    });
    const byPath = Object.fromEntries(plan.files.map((f) => [f.path, f]));
    expect(byPath['old/name.txt']).toMatchObject({ action: 'remove' });
    expect(byPath['new/name.txt']).toMatchObject({ action: 'replace' });
    expect(plan.migrations).toEqual([
      { version: '2.0.0', step: 'rename old/name.txt → new/name.txt', outcome: 'applied' },
    ]);
  });
});
