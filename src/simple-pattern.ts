/*
 * Parameter patterns in the shape nearly every template uses, `^[a-z][a-z0-9-]{1,38}[a-z0-9]$`:
 * a sequence of characters, classes, `.` and \d, \w, \s (and their negations), each with at
 * most one greedy quantifier, anchored or not. For these a small automaton gives RE2's answer in
 * time linear in the answer, without loading the RE2 engine (about 15 ms of a render's
 * start-up). Any other syntax, or anything whose meaning could differ from RE2's (non-ASCII,
 * POSIX classes, flags, groups), is not simple: it returns null and RE2 decides, as before.
 * Answers only: over a check's files, RE2's compiled automata are much faster per character.
 */

/** What the matcher answers: the index of the first (leftmost) match, or -1. */
export interface SimplePattern {
  test(text: string): boolean;
  search(text: string): number;
  /** The automaton's states, each visited per character at most. */
  readonly weight: number;
}

type CodePointTest = (cp: number) => boolean;
interface Item {
  accepts: CodePointTest;
  min: number;
  max: number; // Infinity for * and +
}

// RE2 refuses counts over 1000, and programs that grow too large; both are its to report.
const MAX_COUNT = 1000;
const MAX_STATES = 1000;

const isDigit: CodePointTest = (cp) => cp >= 48 && cp <= 57;
const isWord: CodePointTest = (cp) =>
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
const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);
// Printable ASCII other than a letter or digit: RE2 reads `\` before one as the character.
const isEscapablePunct = (c: string | undefined) =>
  c !== undefined && c >= '!' && c <= '~' && !isAlnum(c);
const SPECIAL = '\\^$.|?*+()[]{}';
const isLiteral = (c: string) => c >= ' ' && c <= '~' && !SPECIAL.includes(c);

const parsed = new Map<string, SimplePattern | null>();

/** The matcher for `source` when it is simple, or null when RE2 must handle it. */
export function simplePattern(source: string): SimplePattern | null {
  let pattern = parsed.get(source);
  if (pattern === undefined) parsed.set(source, (pattern = parse(source)));
  return pattern;
}

function parse(source: string): SimplePattern | null {
  let i = 0;
  const anchoredStart = source.startsWith('^');
  if (anchoredStart) i = 1;
  let anchoredEnd = false;
  const items: Item[] = [];
  while (i < source.length) {
    const c = source[i]!;
    if (c === '$' && i === source.length - 1) {
      anchoredEnd = true;
      break;
    }
    let accepts: CodePointTest;
    if (c === '[') {
      const set = parseClass(source, i);
      if (!set) return null;
      accepts = set.accepts;
      i = set.end;
    } else if (c === '.') {
      accepts = (cp) => cp !== 10;
      i += 1;
    } else if (c === '\\') {
      const escaped = source[i + 1] ?? '';
      if (Object.hasOwn(PERL_CLASSES, escaped)) accepts = PERL_CLASSES[escaped]!;
      else if (isEscapablePunct(escaped)) accepts = equals(escaped);
      else return null;
      i += 2;
    } else if (isLiteral(c)) {
      accepts = equals(c);
      i += 1;
    } else return null;
    const count = parseCount(source, i);
    if (!count) return null;
    i = count.end;
    items.push({ accepts, min: count.min, max: count.max });
  }
  const states = items.reduce((n, it) => n + (it.max === Infinity ? it.min : it.max) + 1, 1);
  return states > MAX_STATES ? null : matcher(items, anchoredStart, anchoredEnd);
}

function equals(c: string): CodePointTest {
  const code = c.charCodeAt(0);
  return (cp) => cp === code;
}

// One optional greedy quantifier; a second one, or a lazy `?`, is not simple.
function parseCount(source: string, i: number): { min: number; max: number; end: number } | null {
  let min = 1;
  let max = 1;
  let end = i;
  const q = source[i];
  if (q === '*') [min, max, end] = [0, Infinity, i + 1];
  else if (q === '+') [min, max, end] = [1, Infinity, i + 1];
  else if (q === '?') [min, max, end] = [0, 1, i + 1];
  else if (q === '{') {
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(source.slice(i));
    if (!m) return null;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    if (min > MAX_COUNT || (max !== Infinity && (max > MAX_COUNT || max < min))) return null;
    end = i + m[0].length;
  }
  return '*+?{'.includes(source[end] ?? '_') ? null : { min, max, end };
}

// `[a-z0-9-]`, `[^/]`, with \d, \w and escaped punctuation; no POSIX `[:alpha:]`, no `]` first.
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
      const escaped = source[i + 1];
      i += 2;
      if (escaped === 'd') return isDigit;
      if (escaped === 'w') return isWord;
      return isEscapablePunct(escaped) ? escaped!.charCodeAt(0) : null;
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

/*
 * A Thompson automaton over (item, count) states, run over the text's code points. Each state
 * keeps the earliest start that reaches it, so the first match found at the leftmost start
 * ends the search: time is the text's length times the number of states, whatever the text.
 */
function matcher(items: Item[], anchoredStart: boolean, anchoredEnd: boolean): SimplePattern {
  const cap = items.map((it) => (it.max === Infinity ? it.min : it.max));
  const offset: number[] = [];
  let total = 0;
  for (const c of cap) {
    offset.push(total);
    total += c + 1;
  }
  const accept = total;
  const search = (text: string): number => {
    let current = new Int32Array(total + 1).fill(-1);
    let next = new Int32Array(total + 1).fill(-1);
    const add = (states: Int32Array, item: number, count: number, start: number) => {
      for (;;) {
        const id = item === items.length ? accept : offset[item]! + count;
        if (states[id] !== -1 && states[id]! <= start) return;
        states[id] = start;
        if (item === items.length || count < items[item]!.min) return;
        [item, count] = [item + 1, 0];
      }
    };
    let best = -1;
    for (let at = 0; ;) {
      if (best === -1 && (!anchoredStart || at === 0)) add(current, 0, 0, at);
      const ended = current[accept]!;
      if (ended !== -1 && (!anchoredEnd || at === text.length))
        best = best === -1 ? ended : Math.min(best, ended);
      if (at >= text.length || (best !== -1 && !current.some((s) => s !== -1 && s < best)))
        return best;
      const cp = text.codePointAt(at)!;
      next.fill(-1);
      items.forEach((it, item) => {
        for (let count = 0; count <= cap[item]!; count++) {
          const start = current[offset[item]! + count]!;
          if (start === -1 || count >= it.max || !it.accepts(cp)) continue;
          add(next, item, it.max === Infinity ? Math.min(count + 1, it.min) : count + 1, start);
        }
      });
      [current, next] = [next, current];
      at += cp > 0xffff ? 2 : 1;
    }
  };
  return { search, test: (text) => search(text) >= 0, weight: total + 1 };
}
