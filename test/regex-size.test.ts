import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RE2JS } from 're2js';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateProgramSize } from '../src/regex-size.js';
import {
  compileRegex,
  MAX_PROGRAM,
  MAX_PROGRAMS,
  prepareRegexes,
  regexesProblem,
  regexProblem,
} from '../src/untrusted-regex.js';
import { parseYaml } from '../src/yaml-data.js';

// What re2js compiled the pattern to; its typings leave the program untyped.
const numInst = (source: string, flags = 0) =>
  (RE2JS.compile(source, flags).re2Input as { prog: { numInst(): number } }).prog.numInst();

// The regexes of every built-in template version.
async function builtInRegexes(): Promise<string[]> {
  const found = new Set<string>();
  for (const id of readdirSync('templates'))
    for (const version of readdirSync(path.join('templates', id))) {
      const file = path.join('templates', id, version, 'template.yaml');
      const manifest = (await parseYaml(readFileSync(file, 'utf8'))) as {
        parameters?: { pattern?: string }[];
        checks?: { contains?: string; notContains?: string }[];
      };
      for (const p of manifest.parameters ?? []) if (p.pattern) found.add(p.pattern);
      for (const c of manifest.checks ?? [])
        for (const r of [c.contains, c.notContains]) if (r) found.add(r);
    }
  return [...found];
}

// A small deterministic generator of patterns over RE2's syntax, most of which RE2 accepts.
function randomPattern(next: () => number, depth = 0): string {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const atoms = [
    'a',
    'b',
    '.',
    '[a-z]',
    '[^]x]',
    '[[:alpha:]_]',
    '\\d',
    '\\pL',
    '\\p{Greek}',
    '\\x{263a}',
    '\\Qa.b\\E',
    '^',
    '$',
    '\\b',
    '(?i)k',
    '{',
    'é',
    '😀',
    '\\]',
    '[\\]a]',
  ];
  let out = '';
  for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
    const roll = next();
    if (depth < 3 && roll < 0.25) {
      const open = pick(['(', '(?:', '(?P<n' + depth + n + '>', '(?i:']);
      const alts = [randomPattern(next, depth + 1)];
      if (next() < 0.4) alts.push(randomPattern(next, depth + 1));
      out += `${open}${alts.join('|')})`;
    } else out += pick(atoms);
    const lo = Math.floor(next() * 4);
    out += pick(['', '', '*', '+', '?', '*?', `{${lo}}`, `{${lo},}`, `{${lo},${lo + 7}}`, '??']);
  }
  return out;
}

describe('the RE2 program size estimate', () => {
  it('is never below the compiled program, on the built-in templates’ regexes', async () => {
    const sources = await builtInRegexes();
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(estimateProgramSize(source), source).toBeGreaterThanOrEqual(numInst(source));
      expect(estimateProgramSize(source), source).toBeLessThanOrEqual(2 * numInst(source) + 4);
    }
  });

  it('is never below the compiled program, on hand-picked shapes', () => {
    const sources = [
      '^((group|user):)?([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$',
      '^.{0,1000}$',
      '[a-z]{1,1000}[0-9]{1,250}[a-z]',
      '(a*)*',
      '((a{2,5}){3}b|c)+',
      'a{0}',
      '(?:)',
      '()',
      'x{3,}',
      '(x?){0,}',
      '[]a]{10}',
      '[^]a]{10}',
      '[[:digit:]x]{10}',
      '\\Q(a{1000})\\E{5}',
      '\\x41{10}',
      '\\101{10}',
      '(?i)straße{3}',
      'a|b|c|{|}',
      '😀{5}',
      '(?P<name>a)(?<other>b){4}',
      '(?s:.)(?m)^$',
    ];
    for (const source of sources)
      expect(estimateProgramSize(source), source).toBeGreaterThanOrEqual(numInst(source));
  });

  it('is never below the compiled program, on 3000 generated patterns', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let compiled = 0;
    for (let n = 0; n < 3000; n++) {
      const source = randomPattern(next);
      let size: number;
      try {
        size = numInst(source, RE2JS.MULTILINE);
      } catch {
        continue;
      }
      compiled += 1;
      expect(estimateProgramSize(source), source).toBeGreaterThanOrEqual(size);
    }
    expect(compiled, 'most generated patterns compile').toBeGreaterThan(1500);
  });

  it('counts repetitions multiplied out, quickly, without compiling', () => {
    const huge = '([a-z]{1,1000}[0-9]{1,1000})'.repeat(50);
    const start = performance.now();
    const size = estimateProgramSize(huge);
    expect(performance.now() - start).toBeLessThan(50);
    expect(size).toBeGreaterThan(200_000);
    expect(estimateProgramSize('[a-z]{1,1000}')).toBe(numInst('[a-z]{1,1000}'));
  });
});

describe('a template regex too large to compile on the CLI’s thread', () => {
  // `\pL` is a pattern only RE2 runs, so the engine loads.
  beforeAll(() => prepareRegexes(['\\pL']));

  it('is refused above the limit, with the size and what to do, and accepted at it', () => {
    const atLimit = `[a-z]{1,1000}${'b'.repeat(MAX_PROGRAM - 2001)}`;
    expect(numInst(atLimit)).toBe(MAX_PROGRAM);
    expect(regexProblem(atLimit)).toBeUndefined();
    expect(regexProblem(`${atLimit}b`)).toBe(
      `is too large a regular expression (about ${MAX_PROGRAM + 1} RE2 instructions, at most ${MAX_PROGRAM}); simplify it, e.g. lower the {m,n} counts`,
    );
  });

  it('accepts the built-in templates’ regexes and the usual length bounds', async () => {
    const owner =
      '^((group|user):)?([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$';
    for (const source of [...(await builtInRegexes()), owner, '^.{0,1000}$', '(?s)^.{1,1000}$'])
      expect(regexProblem(source), source).toBeUndefined();
  });

  it('is refused without being compiled', () => {
    // RE2 accepts this (about 1.3 million instructions) and takes seconds to compile it.
    const huge = '([a-z]{1,1000}[0-9]{1,1000})'.repeat(330);
    const start = performance.now();
    expect(regexProblem(huge)).toMatch(/^is too large a regular expression \(about \d+ RE2/);
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('tests as it searches when the program is past the lazy DFA’s size', () => {
    const regex = compileRegex('[a-z]{1,500}[0-9]', { multiline: true });
    expect(regex.weight).toBeGreaterThan(1000);
    for (const text of ['ab1', 'abc', `${'a'.repeat(600)}1`, `x\n${'a'.repeat(600)}`])
      expect(regex.test(text), text).toBe(regex.search(text) >= 0);
    expect(regex.test('zz9')).toBe(true);
  });

  it('counts a manifest’s regexes together, leaving out the ones refused on their own', async () => {
    expect(regexesProblem(await builtInRegexes())).toBeUndefined();
    const atLimit = `[a-z]{1,1000}${'b'.repeat(MAX_PROGRAM - 2001)}`;
    const many = Array<string>(MAX_PROGRAMS / MAX_PROGRAM).fill(atLimit);
    expect(regexesProblem([...many, 'plain text', '^[a-z]+$', `${atLimit}b`])).toBeUndefined();
    // Simple patterns run without RE2 and are not counted; `(?i)` makes this one RE2's.
    expect(regexesProblem([...many, 'a(b)'])).toBeUndefined();
    expect(regexesProblem([...many, '(?i)a(b)'])).toBe(
      `its regular expressions are too large together (about ${MAX_PROGRAMS + numInst('(?i)a(b)')} RE2 instructions, at most ${MAX_PROGRAMS}); simplify them, e.g. lower the {m,n} counts`,
    );
  });
});
