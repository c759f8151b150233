import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CHECKS } from '../../src/drift/builtin-rules.js';
import { BUILTIN_RULES, renderRulesDoc } from '../../src/drift/rules.js';
import { ROOT } from '../helpers/run-bin.js';

describe('docs/rules.md', () => {
  it('is generated from the rule definitions (run `npm run docs:rules` when this fails)', async () => {
    const file = path.join(ROOT, 'docs/rules.md');
    const onDisk = await readFile(file, 'utf8');
    const options = (await prettier.resolveConfig(file)) ?? {};
    expect(onDisk).toBe(await prettier.format(renderRulesDoc(), { ...options, filepath: file }));
  });

  it('documents every built-in rule of PRODUCT.md, each with why and how to fix', () => {
    expect(BUILTIN_RULES.map((r) => r.id).sort()).toEqual(
      [
        'deps.lockfile-missing',
        'files.conflict-markers',
        'files.merged-missing',
        'files.managed-missing',
        'files.managed-modified',
        'secrets.env-committed',
        'secrets.leaked-credential',
        'template.not-adopted',
        'template.outdated',
        'template.unknown',
        'waivers.expired',
      ].sort(),
    );
    expect(Object.keys(BUILTIN_CHECKS).sort()).toEqual(BUILTIN_RULES.map((r) => r.id).sort());
    for (const rule of BUILTIN_RULES) {
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });
});
