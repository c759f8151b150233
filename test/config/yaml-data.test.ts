import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml, yamlProblem } from '../../src/yaml-data.js';

// The fast reader must give what `yaml` gives, the reference since the first release: the same
// value where the text is one document, the same refusal where it is not.
const documents = [
  'name: orders\nport: 8080\nenabled: true\nratio: 0.5\nnothing: ~\n',
  'v: 0o17\nw: 0x1F\nx: 1_000\ny: 2026-01-01\nz: yes\ni: .inf\ne: 1e3\n',
  'list:\n  - a\n  - { b: [1, 2] }\nquoted: "é \\u00e9"\nblock: |\n  line one\n  line two\n',
  '__proto__: { polluted: 1 }\na: 1\n',
  'a: &x [1, 2]\nb: *x\n', // an alias: read by yaml
  'job:\n  script: !reference [.setup, script]\n', // a tag js-yaml does not know
  '? [a]\n: 1\n', // a complex key
  '', // an empty file
  '# only a comment\n',
];
const broken = ['a: 1\na: 2\n', 'a:\n\tb: 1\n', 'id: [', '---\na: 1\n---\nb: 2\n'];

const outcome = async (read: () => unknown) => {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('YAML read as plain data', () => {
  it.each(documents)('gives the value yaml gives: %j', async (text) => {
    expect(await parseYaml(text)).toEqual(parse(text));
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it.each(broken)('refuses with the message yaml gives: %j', async (text) => {
    const ours = await outcome(() => parseYaml(text));
    expect(ours).toEqual(await outcome(() => parse(text)));
    expect(ours).toHaveProperty('error');
  });

  it('refuses an alias bomb instead of expanding it', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
      .concat(
        'bcdefgh'
          .split('')
          .map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
      )
      .join('\n');
    await expect(parseYaml(bomb)).rejects.toThrow(/alias/i);
  });

  it('finds the first broken document of a stream, as yaml does', async () => {
    expect(await yamlProblem('a: 1\n---\nb: [2, 3]\n')).toBeNull();
    expect(await yamlProblem('a: &x 1\n---\nb: !reference [x]\n')).toBeNull();
    const text = 'a: 1\n---\nb: "x\nc: [\n';
    const first = parseAllDocuments(text).flatMap((d) => d.errors)[0];
    expect(await yamlProblem(text)).toBe(`line ${first?.linePos?.[0].line}`);
  });
});
