import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { simplePattern } from '../src/simple-pattern.js';

// A fixed seed: a failure names its pattern and text, and reproduces.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(20261130);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const ATOMS = [
  'a',
  'b',
  '-',
  '.',
  '@',
  ':',
  '\\d',
  '\\w',
  '\\.',
  '\\-',
  '\\n',
  '[a-c]',
  '[^a]',
  '[a-z0-9-]',
  '[\\d_]',
  '[-b]',
  '[b-]',
  '[^\\s@]',
  '[\\S\\n]',
  '\\s',
  '\\S',
  '\\D',
  '\\W',
  ' ',
];
const ASSERTIONS = ['^', '$', '\\b', '\\B'];
const COUNTS = ['', '', '', '?', '*', '+', '{2}', '{0,3}', '{1,}', '{2,4}', '*?', '+?', '{1,2}?'];
const CHARS = [
  'a',
  'b',
  'c',
  '-',
  '0',
  '9',
  '_',
  '.',
  '@',
  ':',
  'Z',
  ' ',
  '\n',
  '\n',
  '\t',
  '\v',
  '\f',
  '\r',
  'é',
  '😀',
];

// Items of the subset: characters and classes, groups of alternatives (nested up to `depth`),
// and assertions, quantified at random (assertions never are: RE2 decides those).
function randomItem(depth: number): string {
  const roll = rand();
  if (roll < 0.15) return pick(ASSERTIONS);
  if (roll < 0.3 && depth > 0) {
    const alts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomConcat(depth - 1));
    return `(${rand() < 0.3 ? '?:' : ''}${alts.join('|')})${pick(COUNTS)}`;
  }
  return pick(ATOMS) + pick(COUNTS);
}
const randomConcat = (depth: number) =>
  Array.from({ length: Math.floor(rand() * 4) }, () => randomItem(depth)).join('');
function randomPattern(): string {
  const pattern = randomConcat(2);
  return rand() < 0.2 ? `${pattern}|${randomConcat(1)}` : pattern;
}
const randomText = () =>
  Array.from({ length: Math.floor(rand() * 12) }, () => pick(CHARS)).join('');

function re2Search(pattern: string, text: string, multiline: boolean): number {
  const matcher = RE2JS.compile(pattern, multiline ? RE2JS.MULTILINE : 0).matcher(text);
  return matcher.find() ? matcher.start() : -1;
}

describe('simple patterns', () => {
  it('answer as RE2 does, match position included, on 6,000 random patterns and texts', () => {
    for (let n = 0; n < 6000; n++) {
      const pattern = randomPattern();
      const multiline = rand() < 0.5;
      const simple = simplePattern(pattern, { multiline });
      expect(simple, pattern).not.toBeNull();
      for (let t = 0; t < 3; t++) {
        const text = randomText();
        const expected = re2Search(pattern, text, multiline);
        expect([pattern, multiline, text, simple!.search(text)]).toEqual([
          pattern,
          multiline,
          text,
          expected,
        ]);
        expect(simple!.test(text)).toBe(expected >= 0);
      }
    }
  });

  it('accept the built-in name pattern, and answer in linear time on a long answer', () => {
    const name = simplePattern('^[a-z][a-z0-9-]{1,38}[a-z0-9]$')!;
    expect(name.test('orders-api')).toBe(true);
    expect(['ab', 'Orders', 'orders-', 'a'.repeat(41)].map((a) => name.test(a))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // A backtracking engine takes minutes over these and forty a's and a b.
    const long = `${'a'.repeat(40_000)}b`;
    expect(simplePattern('^a*a*a*a*a*$')!.test(long)).toBe(false);
    expect(simplePattern('^(a+)+$')!.test(long)).toBe(false);
    expect(simplePattern('(a|aa)*c')!.search(long)).toBe(-1);
  });

  // The built-in templates' checks, each over texts made of its own words, where a slip in the
  // jump to the next candidate start (the literal prefix, or the first character) would show.
  it.each([
    ['uses:\\s+[^\\s@]+@\\S{0,39}(\\s|$)', ['uses:', ' ', '@', 'v4', 'actions/x', '\n', 'uu']],
    ['image:\\s*\\S+:latest\\b', ['image:', ' ', 'repo', ':latest', ':', 'latest', '-x', '\n']],
    ['npx --yes -p \\S+@\\d+\\.\\d+\\.\\d+', ['npx --yes -p ', 'pkg', '@', '1', '.', ' ', '\n']],
    ["PLATFORM_CLI: '\\S+@\\d+\\.\\d+\\.\\d+", ["PLATFORM_CLI: '", 'p', '@', '2', '.', "'"]],
  ])('run the check %j as RE2 does, over texts of its own words', (pattern, words) => {
    const simple = simplePattern(pattern, { multiline: true });
    expect(simple).not.toBeNull();
    for (let n = 0; n < 1500; n++) {
      const text = Array.from({ length: Math.floor(rand() * 16) }, () => pick(words)).join('');
      expect([text, simple!.search(text)]).toEqual([text, re2Search(pattern, text, true)]);
    }
  });

  it.each([
    '[[:alpha:]]',
    'a**',
    'a{2}{3}',
    'é',
    '(?i)a',
    '(?P<n>a)',
    '\\pL',
    '\\x41',
    '\\A',
    'a{1001}',
    'a{3,2}',
    '[z-a]',
    '[]a]',
    '[a',
    '(a',
    'a)',
    '^*',
    'a{,3}',
    '[\\d-z]',
    'x{1000}y{1000}',
    '(a{1000}){1000}',
    `${'('.repeat(40)}a${')'.repeat(40)}`,
  ])('leave %j to RE2', (pattern) => {
    expect(simplePattern(pattern)).toBeNull();
  });
});
