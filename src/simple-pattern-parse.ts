/*
 * The part of RE2's syntax the simple automaton (simple-pattern.ts) runs itself: ASCII
 * characters, classes, `.`, \d \w \s and their negations, groups with alternatives, greedy or
 * lazy quantifiers, and the assertions ^ $ \b \B. Anything else, or anything whose meaning could
 * differ from RE2's (non-ASCII, POSIX classes, flags, a `{` that is not a count), parses to null,
 * and RE2 decides: it either runs the pattern or reports why it cannot.
 */

export type CodePointTest = (cp: number) => boolean;
export type Assertion = '^' | '$' | 'b' | 'B';

/** A parsed pattern: only a match's start matters to us, so groups capture nothing. */
export type PatternNode =
  | { kind: 'char'; accepts: CodePointTest; literal?: string }
  | { kind: 'assert'; assertion: Assertion }
  | { kind: 'concat'; items: PatternNode[] }
  | { kind: 'alt'; alts: PatternNode[] }
  | { kind: 'repeat'; node: PatternNode; min: number; max: number };

// RE2 refuses counts over 1000; deeper nesting than this is RE2's to handle (and to refuse).
const MAX_COUNT = 1000;
const MAX_DEPTH = 32;

const isDigit: CodePointTest = (cp) => cp >= 48 && cp <= 57;
/** RE2's \w and \b: ASCII letters, digits and `_`. */
export const isWord: CodePointTest = (cp) =>
  isDigit(cp) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
// RE2's \s is [\t\n\f\r ]: no \v, unlike JavaScript's.
const isSpace: CodePointTest = (cp) => cp === 9 || cp === 10 || cp === 12 || cp === 13 || cp === 32;
const PERL_CLASSES: Record<string, CodePointTest> = {
  d: isDigit,
  w: isWord,
  s: isSpace,
  D: (cp) => !isDigit(cp),
  W: (cp) => !isWord(cp),
  S: (cp) => !isSpace(cp),
};
const CONTROL: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
// Printable ASCII other than a letter or digit: RE2 reads `\` before one as the character.
const isEscapablePunct = (c: string | undefined) =>
  c !== undefined && c >= '!' && c <= '~' && !isAlnum(c);
// RE2's metacharacters: a pattern with none of them is plain text.
const SPECIAL = /[\\^$.|?*+()[\]{}]/;
const isLiteral = (c: string) => c >= ' ' && c <= '~' && !SPECIAL.test(c);

/** True when `source` has no regex syntax at all: it matches as a substring. */
export const isPlainText = (source: string) => !SPECIAL.test(source);
const equals =
  (code: number): CodePointTest =>
  (cp) =>
    cp === code;
const literal = (c: string): PatternNode => ({
  kind: 'char',
  accepts: equals(c.charCodeAt(0)),
  literal: c,
});

/** The pattern's tree when all of it is in the subset above, or null. */
export function parsePattern(source: string): PatternNode | null {
  let i = 0;
  let depth = 0;

  const alternation = (): PatternNode | null => {
    const alts: PatternNode[] = [];
    for (;;) {
      const concat = concatenation();
      if (!concat) return null;
      alts.push(concat);
      if (source[i] !== '|') return alts.length === 1 ? alts[0]! : { kind: 'alt', alts };
      i += 1;
    }
  };

  const concatenation = (): PatternNode | null => {
    const items: PatternNode[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const node = atom();
      if (!node) return null;
      const count = parseCount(source, i);
      if (count === null) return null;
      if (count === undefined) {
        // A group's items join ours: the automaton's prefix search sees through it.
        if (node.kind === 'concat') items.push(...node.items);
        else items.push(node);
        continue;
      }
      // A repeated assertion (`^*`) is legal in RE2 but pointless; leave it to RE2.
      if (node.kind === 'assert') return null;
      i = count.end;
      items.push({ kind: 'repeat', node, min: count.min, max: count.max });
    }
    return { kind: 'concat', items };
  };

  const atom = (): PatternNode | null => {
    const c = source[i]!;
    if (c === '(') {
      i += source.startsWith('(?:', i) ? 3 : 1;
      // Flags, named groups and other `(?` forms are RE2's.
      if (source[i] === '?' || ++depth > MAX_DEPTH) return null;
      const inner = alternation();
      depth -= 1;
      if (!inner || source[i] !== ')') return null;
      i += 1;
      return inner;
    }
    if (c === '^' || c === '$') {
      i += 1;
      return { kind: 'assert', assertion: c };
    }
    if (c === '[') {
      const set = parseClass(source, i);
      if (!set) return null;
      i = set.end;
      return { kind: 'char', accepts: set.accepts };
    }
    if (c === '.') {
      i += 1;
      return { kind: 'char', accepts: (cp) => cp !== 10 };
    }
    if (c === '\\') {
      const escaped = source[i + 1] ?? '';
      i += 2;
      if (escaped === 'b' || escaped === 'B') return { kind: 'assert', assertion: escaped };
      if (Object.hasOwn(PERL_CLASSES, escaped))
        return { kind: 'char', accepts: PERL_CLASSES[escaped]! };
      if (Object.hasOwn(CONTROL, escaped))
        return { kind: 'char', accepts: equals(CONTROL[escaped]!) };
      return isEscapablePunct(escaped) ? literal(escaped) : null;
    }
    if (!isLiteral(c)) return null;
    i += 1;
    return literal(c);
  };

  const root = alternation();
  return root && i === source.length ? root : null;
}

/**
 * One optional quantifier, greedy or lazy (only where a match starts matters, and laziness
 * changes only where it ends): undefined when there is none, null when it is not simple.
 */
function parseCount(
  source: string,
  i: number,
): { min: number; max: number; end: number } | null | undefined {
  let min = 1;
  let max = 1;
  let end = i;
  const q = source[i];
  if (q === '*') [min, max, end] = [0, Infinity, i + 1];
  else if (q === '+') [min, max, end] = [1, Infinity, i + 1];
  else if (q === '?') [min, max, end] = [0, 1, i + 1];
  else if (q === '{') {
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(source.slice(i, i + 12));
    if (!m) return null;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    if (min > MAX_COUNT || (max !== Infinity && (max > MAX_COUNT || max < min))) return null;
    end = i + m[0].length;
  } else return undefined;
  if (source[end] === '?') end += 1;
  // RE2 refuses `a**` and `a{2}{3}`; let it say so.
  return '*+?{'.includes(source[end] ?? '_') ? null : { min, max, end };
}

// `[a-z0-9-]`, `[^\s@]`, with \d \w \s (and negations), \t \n and escaped punctuation; no POSIX
// `[:alpha:]`, no `]` first.
function parseClass(source: string, start: number): { accepts: CodePointTest; end: number } | null {
  let i = start + 1;
  const negated = source[i] === '^';
  if (negated) i += 1;
  const tests: CodePointTest[] = [];
  const ranges: [number, number][] = [];
  const member = (): number | CodePointTest | null => {
    const c = source[i];
    if (c === undefined || c === '[') return null;
    if (c === '\\') {
      const escaped = source[i + 1] ?? '';
      i += 2;
      if (Object.hasOwn(PERL_CLASSES, escaped)) return PERL_CLASSES[escaped]!;
      if (Object.hasOwn(CONTROL, escaped)) return CONTROL[escaped]!;
      return isEscapablePunct(escaped) ? escaped.charCodeAt(0) : null;
    }
    i += 1;
    return c >= ' ' && c <= '~' ? c.charCodeAt(0) : null;
  };
  if (source[i] === ']') return null;
  while (i < source.length && source[i] !== ']') {
    const lo = member();
    if (lo === null) return null;
    const rangeFollows = source[i] === '-' && source[i + 1] !== ']' && i + 1 < source.length;
    if (typeof lo === 'function') {
      if (rangeFollows) return null;
      tests.push(lo);
      continue;
    }
    if (!rangeFollows) {
      ranges.push([lo, lo]);
      continue;
    }
    i += 1;
    const hi = member();
    if (typeof hi !== 'number' || hi < lo) return null;
    ranges.push([lo, hi]);
  }
  if (source[i] !== ']') return null;
  const inSet = (cp: number) =>
    ranges.some(([lo, hi]) => cp >= lo && cp <= hi) || tests.some((t) => t(cp));
  return { accepts: negated ? (cp) => !inSet(cp) : inSet, end: i + 1 };
}
