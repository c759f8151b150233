import { describe, expect, it } from 'vitest';
import { unsafeLinkReason, unsafePathReason } from '../../src/render/safe-path.js';

describe('safe paths', () => {
  it.each([
    ['src/index.ts', null],
    ['.github/workflows/ci.yml', null],
    ['a/..b/c', null],
    ['/etc/passwd', /absolute/],
    ['C:/x', /absolute/],
    ['../x', /\.\./],
    ['a/../../x', /\.\./],
    ['a//b', /empty segment/],
    ['a/./b', /empty segment/],
    ['', /empty/],
    ['a\\b', /backslash/],
    ['.git/hooks/pre-commit', /\.git/],
    ['.platform/service.json', /state file/],
  ])('%s', (input, expected) => {
    const reason = unsafePathReason(input);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });

  it('allows links that stay inside and refuses links that lead out', () => {
    expect(unsafeLinkReason('a/link', '../b')).toBeNull();
    expect(unsafeLinkReason('a/b/link', '../../c')).toBeNull();
    expect(unsafeLinkReason('link', '../outside')).toMatch(/leads out/);
    expect(unsafeLinkReason('a/link', '../../outside')).toMatch(/leads out/);
    expect(unsafeLinkReason('link', '/etc/passwd')).toMatch(/absolute/);
  });
});
