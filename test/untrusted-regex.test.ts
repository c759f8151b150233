import { beforeAll, describe, expect, it } from 'vitest';
import { RegexThread } from '../src/regex-thread.js';
import { compileRegex, prepareRegexes } from '../src/untrusted-regex.js';

// These texts are long enough for their patterns to be searched on the regex worker thread
// (the built dist/regex-worker.js): the answers must be the synchronous search's, to the index.
const KIB = 1024;
const a = (n: number) => 'a'.repeat(n);

// Most cases run on the simple automaton, in the worker as here; `(?i)` is RE2's alone.
beforeAll(() => prepareRegexes(['(?i)A{1,30}X']));

describe('a template regex searched on the worker thread', () => {
  const cases: { name: string; source: string; multiline: boolean; text: string }[] = [
    { name: 'a match', source: 'a{1,30}x', multiline: false, text: `${a(300 * KIB)}x${a(10)}` },
    { name: 'no match', source: 'a{1,30}x', multiline: false, text: a(300 * KIB) },
    { name: 'a match, RE2', source: '(?i)A{1,30}X', multiline: false, text: `${a(300 * KIB)}x` },
    { name: 'no match, RE2', source: '(?i)A{1,30}X', multiline: false, text: a(300 * KIB) },
    { name: 'a line, multiline', source: '^b+$', multiline: true, text: `${a(900 * KIB)}\nbb\n` },
    {
      name: 'a line, not multiline',
      source: '^b+$',
      multiline: false,
      text: `${a(900 * KIB)}\nbb\n`,
    },
  ];
  for (const { name, source, multiline, text } of cases)
    it(`answers as the synchronous search: ${name}`, async () => {
      const regex = compileRegex(source, { multiline });
      expect(text.length * regex.weight, 'the text is long enough for the thread').toBeGreaterThan(
        2 ** 21,
      );
      expect(await regex.searchAsync(text)).toBe(regex.search(text));
      expect(await regex.testAsync(text)).toBe(regex.test(text));
    });

  it('finds the index a match starts at, and says when there is none', async () => {
    const regex = compileRegex('^b+$', { multiline: true });
    expect(await regex.searchAsync(`${a(900 * KIB)}\nbb\n`)).toBe(900 * KIB + 1);
    expect(await regex.searchAsync(`${a(900 * KIB)}\nbab\n`)).toBe(-1);
  });

  it('gives each of many searches at once its own answer', async () => {
    // A fleet check searches several repos' files at once, all on the one thread.
    const regex = compileRegex('^b+$', { multiline: true });
    const texts = [5, 0, 3, 1].map((at) => `${a(900 * KIB)}\n${'a\n'.repeat(at)}bb\n`);
    const answers = await Promise.all(texts.map((text) => regex.searchAsync(text)));
    expect(answers).toEqual(texts.map((text) => regex.search(text)));
    expect(new Set(answers).size).toBe(4);
  });

  it('leaves the event loop free while a long search runs', async () => {
    // About a second of RE2 work: on this thread it would run before the timer could fire.
    const regex = compileRegex('[a-z]{1,30}[0-9]', { multiline: true });
    const order: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 1)).then(() =>
      order.push('timer'),
    );
    const search = regex.searchAsync(a(1024 * KIB)).then((at) => order.push(`search ${at}`));
    await Promise.all([timer, search]);
    expect(order).toEqual(['timer', 'search -1']);
  });

  it('searches plain text, and short texts, on this thread', async () => {
    expect(compileRegex('gitleaks').weight).toBe(0);
    const regex = compileRegex('a{1,30}x');
    expect(regex.weight).toBeGreaterThan(30);
    expect(await compileRegex('gitleaks').searchAsync(`${a(2048 * KIB)}gitleaks`)).toBe(2048 * KIB);
    const order: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() =>
      order.push('timer'),
    );
    const search = regex.searchAsync(`${a(10)}x`).then((at) => order.push(`search ${at}`));
    await Promise.all([timer, search]);
    expect(order).toEqual(['search 0', 'timer']);
  });

  it('fails as a bug when the worker file is missing', async () => {
    const thread = new RegexThread('/nonexistent/regex-worker.js');
    await expect(
      thread.run({ op: 'search', source: 'a+', multiline: false, text: 'a' }, () => 0),
    ).rejects.toThrow(/Cannot find module/);
  });
});
