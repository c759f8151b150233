/*
 * How large a pattern's RE2 program can be, read from its text alone. Compiling a pattern of
 * 100 000 instructions takes RE2 (re2js) most of a second and searching with it seconds more,
 * all on the CLI's thread; this estimate lets validation refuse such a pattern before it is
 * compiled. It follows RE2's own size rule (the parser's calcSize): a character, class, `.` or
 * assertion is one instruction, a capture adds 2, `*` and `+` add 2, `?` and each `|` add 1,
 * and `x{m,n}` is n copies of x plus n-m. It never reads less than the compiled program's
 * `numInst()`; anything it cannot read closely (a syntax RE2 refuses anyway) counts high.
 */

interface Group {
  capture: boolean;
  branches: number; // sizes of the finished `|` branches, plus one per `|`
  current: number; // size of the branch being read
  last: number; // size of the last atom of `current`, which a quantifier repeats
}

// The program's fail and match instructions.
const PRELUDE = 2;

/** An upper bound on the instructions of `source`'s RE2 program; linear in the text. */
export function estimateProgramSize(source: string): number {
  const stack: Group[] = [{ capture: false, branches: 0, current: 0, last: 0 }];
  let group = stack[0]!;
  const atom = (size: number) => {
    group.current += size;
    group.last = size;
  };
  const repeat = (size: (sub: number) => number) => {
    group.current += size(group.last) - group.last;
    group.last = size(group.last);
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\' && source[i + 1] === 'Q') {
      const end = source.indexOf('\\E', i + 2);
      const stop = end < 0 ? source.length : end;
      for (i += 2; i < stop; i += 1) atom(1);
      i = end < 0 ? stop : end + 2;
    } else if (c === '\\') {
      i = escapeEnd(source, i);
      atom(1);
    } else if (c === '[') {
      i = classEnd(source, i);
      atom(1);
    } else if (c === '(') {
      const flagsOnly = /^\(\?[a-zA-Z-]*\)/.exec(source.slice(i, i + 16));
      if (flagsOnly) {
        i += flagsOnly[0].length;
        continue;
      }
      // `(?:`, `(?i:` do not capture; anything else starting `(?` counts as a capture, high.
      const capture = !/^\(\?[a-zA-Z-]*:/.test(source.slice(i, i + 16));
      stack.push((group = { capture, branches: 0, current: 0, last: 0 }));
      i += 1;
    } else if (c === ')' && stack.length > 1) {
      const size = close(stack.pop()!);
      group = stack[stack.length - 1]!;
      atom(size);
      i += 1;
    } else if (c === '|') {
      group.branches += group.current + 1;
      group.current = group.last = 0;
      i += 1;
    } else if (c === '*' || c === '+' || c === '?') {
      repeat((sub) => (c === '?' ? 1 : 2) + sub);
      i = lazyEnd(source, i + 1);
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i, i + 20))) {
      const [, min, comma, max] = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 20))!;
      const lo = Number(min);
      const hi = comma === undefined ? lo : max ? Number(max) : Infinity;
      repeat((sub) =>
        hi === Infinity
          ? lo * sub + 2 + (lo === 0 ? sub : 0)
          : Math.max(1, hi * sub + Math.max(0, hi - lo)),
      );
      i = lazyEnd(source, source.indexOf('}', i) + 1);
    } else {
      // A character (a surrogate pair is one), `.`, `^`, `$`, or `{` or `)` read as text.
      atom(1);
      i += source.codePointAt(i)! > 0xffff ? 2 : 1;
    }
  }
  while (stack.length > 1) {
    const size = close(stack.pop()!);
    group = stack[stack.length - 1]!;
    atom(size);
  }
  return PRELUDE + close(group);
}

function close(group: Group): number {
  // An empty group is still one instruction (a no-op), inside its capture's two.
  return Math.max(1, group.branches + group.current) + (group.capture ? 2 : 0);
}

// A `?` right after a quantifier makes it lazy: same program size.
const lazyEnd = (source: string, i: number) => (source[i] === '?' ? i + 1 : i);

// `\d`, `\pL`, `\p{Greek}`, `\x{263a}`: past the escape (its digits may be read as text after
// it, which only counts high).
function escapeEnd(source: string, i: number): number {
  const kind = source[i + 1];
  if ((kind === 'p' || kind === 'P' || kind === 'x') && source[i + 2] === '{') {
    const end = source.indexOf('}', i + 3);
    return end < 0 ? source.length : end + 1;
  }
  if (kind === 'p' || kind === 'P') return i + 3;
  return i + 2;
}

// Past the `]` that ends the class opened at `start`, read as RE2 reads it: a `]` first is a
// member, `[:alpha:]` and escapes are members.
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i += 1;
  let first = true;
  while (i < source.length && (source[i] !== ']' || first)) {
    first = false;
    if (source.startsWith('[:', i) && source.includes(':]', i + 2))
      i = source.indexOf(':]', i + 2) + 2;
    else if (source[i] === '\\') i = escapeEnd(source, i);
    else i += 1;
  }
  return i + 1;
}
