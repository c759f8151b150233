/*
 * Template regexes in the shapes templates use, `^[a-z][a-z0-9-]{1,38}[a-z0-9]$` for an answer
 * or `uses:\s+[^\s@]+@\S{0,39}(\s|$)` for a check, run on a small automaton of our own: RE2's
 * answer in time linear in the text, without loading the RE2 engine (151 kB, about 15 ms of
 * start-up and as much again to compile and first run). The subset is parsed in
 * simple-pattern-parse.ts; any other pattern is not simple, and RE2 decides, as before.
 */
import {
  isWord,
  parsePattern,
  type Assertion,
  type CodePointTest,
  type PatternNode,
} from './simple-pattern-parse.js';

/** What the matcher answers: the index of the first (leftmost) match, or -1. */
export interface SimplePattern {
  test(text: string): boolean;
  search(text: string): number;
  /** The automaton's states, each visited per character at most. */
  readonly weight: number;
}

// RE2 refuses programs that grow too large; larger ones are its to handle, and to refuse.
const MAX_STATES = 1000;

// A state reads one character, forks, asserts, or is the match.
const MATCH = 0;
const READ = 1;
const SPLIT = 2;
const ASSERT = 3;

/** The automaton as flat arrays indexed by state: the runner's loop reads nothing else. */
interface Program {
  size: number;
  start: number;
  kind: Uint8Array;
  next: Int32Array;
  /** A split's other way. */
  alt: Int32Array;
  /**
   * A reading state's answers for ASCII characters, at `state * 128 + cp`, filled in as they
   * are first asked: 0 not yet, 1 no, 2 yes.
   */
  ascii: Uint8Array;
  accepts: CodePointTest[];
  assertion: Assertion[];
}

// Each pattern is parsed and compiled once: validation asks without `multiline`, a check with
// it, and only the matcher differs.
const compiled = new Map<string, { root: PatternNode; program: Program } | null>();
const matchers = new Map<string, SimplePattern | null>();

/**
 * The matcher for `source` when it is simple, or null when RE2 must handle it. `multiline`
 * makes ^ and $ match at line breaks too, as RE2's MULTILINE flag does.
 */
export function simplePattern(source: string, { multiline = false } = {}): SimplePattern | null {
  const key = `${multiline ? 'm' : '-'}${source}`;
  let pattern = matchers.get(key);
  if (pattern === undefined) {
    const built = compiledPattern(source);
    pattern = built ? matcher(built.program, built.root, multiline) : null;
    matchers.set(key, pattern);
  }
  return pattern;
}

function compiledPattern(source: string): { root: PatternNode; program: Program } | null {
  let built = compiled.get(source);
  if (built === undefined) {
    const root = parsePattern(source);
    const program = root && compile(root);
    built = root && program ? { root, program } : null;
    compiled.set(source, built);
  }
  return built;
}

/** Thompson's construction, from the end: state 0 is the match; null when it grows too large. */
function compile(root: PatternNode): Program | null {
  const kind = [MATCH];
  const next = [0];
  const alt = [0];
  const accepts: CodePointTest[] = [];
  const assertion: Assertion[] = [];
  const add = (k: number, to: number, other = 0): number => {
    if (kind.length >= MAX_STATES) throw new TooLarge();
    kind.push(k);
    next.push(to);
    alt.push(other);
    return kind.length - 1;
  };
  const build = (node: PatternNode, to: number): number => {
    switch (node.kind) {
      case 'char': {
        const id = add(READ, to);
        accepts[id] = node.accepts;
        return id;
      }
      case 'assert': {
        const id = add(ASSERT, to);
        assertion[id] = node.assertion;
        return id;
      }
      case 'concat':
        return node.items.reduceRight((after, item) => build(item, after), to);
      case 'alt':
        return node.alts
          .map((way) => build(way, to))
          .reduceRight((rest, way) => add(SPLIT, way, rest));
      case 'repeat': {
        let entry = to;
        if (node.max === Infinity) {
          const loop = add(SPLIT, 0, to);
          next[loop] = build(node.node, loop);
          entry = loop;
        } else
          for (let k = node.min; k < node.max; k++) entry = add(SPLIT, build(node.node, entry), to);
        for (let k = 0; k < node.min; k++) entry = build(node.node, entry);
        return entry;
      }
    }
  };
  let start: number;
  try {
    start = build(root, 0);
  } catch (error) {
    if (error instanceof TooLarge) return null;
    throw error;
  }
  return {
    size: kind.length,
    start,
    kind: Uint8Array.from(kind),
    next: Int32Array.from(next),
    alt: Int32Array.from(alt),
    ascii: new Uint8Array(kind.length * 128),
    accepts,
    assertion,
  };
}

class TooLarge extends Error {}

/**
 * What every match starts with, so that the runner can jump between candidates: the literal
 * text the pattern opens with (found with indexOf), or else the test of its first character.
 */
function opening(root: PatternNode): { prefix: string; first?: CodePointTest } {
  const items = root.kind === 'concat' ? root.items : [root];
  let prefix = '';
  for (const item of items) {
    if (item.kind !== 'char' || item.literal === undefined) break;
    prefix += item.literal;
  }
  const head = items[0];
  if (prefix || !head) return { prefix };
  if (head.kind === 'char') return { prefix, first: head.accepts };
  if (head.kind === 'repeat' && head.min > 0 && head.node.kind === 'char')
    return { prefix, first: head.node.accepts };
  return { prefix };
}

/*
 * The automaton run over the text's code points, keeping for each live state the earliest start
 * that reaches it: live states are kept in order of start, so the first to reach a state is the
 * earliest. The first match found at the leftmost start ends the search; time is the text's
 * length times the number of states, whatever the text. Where nothing is live, the run jumps to
 * the next place a match could start.
 */
function matcher(program: Program, root: PatternNode, multiline: boolean): SimplePattern {
  const { size, kind, next: to, alt, ascii, accepts, assertion } = program;
  const { prefix, first } = opening(root);
  const anchored = !multiline && startsAnchored(root);
  const holds = (id: number, at: number, end: number, prev: number, next: number) => {
    const a = assertion[id];
    if (a === '^') return at === 0 || (multiline && prev === 10);
    if (a === '$') return at === end || (multiline && next === 10);
    const boundary = (prev >= 0 && isWord(prev)) !== (next >= 0 && isWord(next));
    return a === 'b' ? boundary : !boundary;
  };
  const run = (text: string, firstOnly: boolean): number => {
    const end = text.length;
    let current = new Threads(size);
    let following = new Threads(size);
    const stack = new Int32Array(2 * size + 1);
    // Adds `from`, and the states it reaches without reading a character, as started at `begin`.
    const follow = (
      list: Threads,
      from: number,
      begin: number,
      at: number,
      prev: number,
      next: number,
    ) => {
      let sp = 0;
      stack[sp++] = from;
      while (sp > 0) {
        const id = stack[--sp]!;
        if (list.seen[id] === at) continue;
        list.seen[id] = at;
        const k = kind[id];
        if (k === SPLIT) {
          stack[sp++] = alt[id]!;
          stack[sp++] = to[id]!;
        } else if (k !== ASSERT) list.add(id, begin);
        else if (holds(id, at, end, prev, next)) stack[sp++] = to[id]!;
      }
    };
    let best = -1;
    let prev = -1;
    for (let at = 0; ;) {
      if (best === -1 && current.count === 0 && at > 0) {
        const from = anchored ? -1 : skipTo(text, at, prefix, first);
        if (from < 0) return -1;
        if (from !== at) {
          prev = text.charCodeAt(from - 1);
          at = from;
        }
      }
      const cp = at < end ? text.codePointAt(at)! : -1;
      // A match may start here too, unless one already starts further left.
      if (best === -1 && (!anchored || at === 0)) follow(current, program.start, at, at, prev, cp);
      for (let t = 0; t < current.count; t++)
        if (kind[current.ids[t]!] === MATCH && (best === -1 || current.starts[t]! < best)) {
          best = current.starts[t]!;
          if (firstOnly) return best;
        }
      if (cp < 0) return best;
      const step = cp > 0xffff ? 2 : 1;
      const next = at + step < end ? text.codePointAt(at + step)! : -1;
      following.count = 0;
      for (let t = 0; t < current.count; t++) {
        const id = current.ids[t]!;
        const begin = current.starts[t]!;
        if (kind[id] !== READ || (best !== -1 && begin >= best)) continue;
        if (cp < 128) {
          const slot = id * 128 + cp;
          if (ascii[slot] === 0) ascii[slot] = accepts[id]!(cp) ? 2 : 1;
          if (ascii[slot] === 1) continue;
        } else if (!accepts[id]!(cp)) continue;
        follow(following, to[id]!, begin, at + step, cp, next);
      }
      if (best !== -1 && following.count === 0) return best;
      const swap = current;
      current = following;
      following = swap;
      prev = cp;
      at += step;
    }
  };
  return {
    search: (text) => run(text, false),
    test: (text) => run(text, true) >= 0,
    weight: size,
  };
}

// The live states at one position of the text, in order of start, each once.
class Threads {
  readonly ids: Int32Array;
  readonly starts: Int32Array;
  /** The position each state was last added at: a state is on the list once per position. */
  readonly seen: Int32Array;
  count = 0;
  constructor(size: number) {
    this.ids = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.seen = new Int32Array(size).fill(-1);
  }
  add(id: number, start: number): void {
    this.ids[this.count] = id;
    this.starts[this.count++] = start;
  }
}

function startsAnchored(root: PatternNode): boolean {
  const head = root.kind === 'concat' ? root.items[0] : root;
  return head?.kind === 'assert' && head.assertion === '^';
}

// Where the next match could start, at `at` or after it, or -1 when none can.
function skipTo(text: string, at: number, prefix: string, first?: CodePointTest): number {
  if (prefix) return text.indexOf(prefix, at);
  if (!first) return at;
  while (at < text.length) {
    const cp = text.codePointAt(at)!;
    if (first(cp)) return at;
    at += cp > 0xffff ? 2 : 1;
  }
  return -1;
}
