import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

describe('platform templates new', () => {
  it('scaffolds a template whose first version passes validate and test', async () => {
    const cwd = await testdir();
    const created = await runBin('platform', ['templates', 'new', 'catalog/orders-api'], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toContain('Wrote orders-api@1.0.0 to catalog/orders-api/1.0.0');
    const dir = path.join(cwd, 'catalog/orders-api/1.0.0');
    const manifest = readFileSync(path.join(dir, 'template.yaml'), 'utf8');
    expect(manifest).toMatch(/^id: orders-api$/m);
    expect(manifest).toMatch(/^# .*docs\/templates\.md/m);
    expect(manifest).toMatch(/^checks:\n {2}- id: docs\.readme-title/m);
    expect(existsSync(path.join(dir, 'README.md'))).toBe(true);
    expect(readdirSync(path.join(dir, 'files')).some((f) => f.endsWith('.hbs'))).toBe(true);

    const validate = await runBin('platform', ['templates', 'validate', dir], { cwd });
    expect(validate.exitCode, validate.stdout).toBe(0);
    const test = await runBin('platform', ['templates', 'test', dir, '--json'], { cwd });
    expect(test.exitCode, test.stdout + test.stderr).toBe(0);
    const doc = JSON.parse(test.stdout) as { combinations: Array<{ name: string; ok: boolean }> };
    expect(doc.combinations.map((c) => [c.name, c.ok])).toEqual([
      ['defaults', true],
      ['ci=gitlab', true],
    ]);
  });

  it('starts from an existing template under the new id, and the copy passes validate', async () => {
    const cwd = await testdir();
    const created = await runBin(
      'platform',
      ['templates', 'new', 'tpl', '--id', 'payments', '--from', 'node-worker@1.1.0', '--json'],
      { cwd },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      command: 'templates new',
      id: 'payments',
      from: 'node-worker@1.1.0',
    });
    const manifest = readFileSync(path.join(cwd, 'tpl/payments/1.0.0/template.yaml'), 'utf8');
    expect(manifest).toMatch(/^id: payments$/m);
    expect(manifest).toMatch(/^version: 1\.0\.0$/m);
    const validate = await runBin('platform', ['templates', 'validate', 'tpl/payments/1.0.0'], {
      cwd,
    });
    expect(validate.stdout + validate.stderr).toMatch(/payments@1\.0\.0 is valid/);
  });

  it.each([
    [['templates', 'new', 'taken'], /taken already exists/],
    [['templates', 'new', 'Bad_Name'], /"Bad_Name" is not a template id/],
    [['templates', 'new', 'x', '--id', 'NOPE'], /"NOPE" is not a template id/],
    [['templates', 'new', '.', '--id', 'taken'], /taken already exists/],
    [['templates', 'new', 'x', '--from', 'no-such-template'], /no-such-template/],
  ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
    const cwd = await testdir({ 'taken/keep.txt': 'mine\n' });
    const result = await runBin('platform', args, { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(cwd).sort()).toEqual(['taken']);
    expect(readdirSync(path.join(cwd, 'taken'))).toEqual(['keep.txt']);
  });
});
