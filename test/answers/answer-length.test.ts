import { beforeAll, describe, expect, it } from 'vitest';
import { validateAnswer } from '../../src/answers/answers-schema.js';
import type { Parameter } from '../../src/catalog/manifest.js';
import { prepareRegexes } from '../../src/untrusted-regex.js';

// Answers can come from a repo (a state file's, a package.json's description), a MiB long;
// each is checked against its pattern on the CLI's thread, so its length is bounded by the
// pattern's size: the work a search there may do.
const string = (name: string, pattern: string): Parameter => ({
  name,
  type: 'string',
  required: false,
  pattern,
});
const big = string('big', '([a-z]{1,1000})[0-9]');
const name = string('name', '^[a-z][a-z0-9-]{1,38}[a-z0-9]$');
const owner = string(
  'owner',
  '^((group|user):)?([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$',
);

beforeAll(() => prepareRegexes([big.pattern, owner.pattern]));

describe('an answer checked against a pattern', () => {
  it('is refused when longer than the pattern can be checked against, naming both lengths', () => {
    expect(validateAnswer(big, `${'a'.repeat(1000)}1`)).toEqual({ value: `${'a'.repeat(1000)}1` });
    expect(validateAnswer(big, `${'a'.repeat(3000)}1`)).toEqual({
      error: 'is too long to check against its pattern (3001 characters, at most 1046)',
    });
  });

  it('keeps room for any real answer under the usual patterns, simple or not', () => {
    expect(validateAnswer(name, 'a'.repeat(40_000))).toMatchObject({ error: /must match/ });
    expect(validateAnswer(owner, 'a'.repeat(13_000))).toMatchObject({ error: /must match/ });
    expect(validateAnswer(owner, 'a'.repeat(1_000_000))).toEqual({
      error: 'is too long to check against its pattern (1000000 characters, at most 13981)',
    });
  });
});
