import type { RE2JS } from './re2-engine.js';
import { estimateProgramSize } from './regex-size.js';
import { isPlainText } from './simple-pattern-parse.js';
import { simplePattern } from './simple-pattern.js';

/**
 * The one owner of "run a regex a template author wrote". Manifest `pattern`s and the
 * `contains`/`notContains` checks come from catalogs and run over repos we do not control, so
 * they run in linear time whatever the text, with RE2's syntax and meaning (no backreferences,
 * no lookaround). Plain text, the common case, is a substring search; the usual shapes run on
 * our own small automaton (simple-pattern.ts); only the rest load the RE2 engine (re2js).
 */

/** A compiled template regex: `search` answers the index of the first match, or -1. */
export interface TemplateRegex {
  test(text: string): boolean;
  search(text: string): number;
  /** `test` for texts of any size: a long one is searched on a worker thread. */
  testAsync(text: string): Promise<boolean>;
  /** `search` for texts of any size: a long one is searched on a worker thread. */
  searchAsync(text: string): Promise<number>;
  /** States a search steps through per character at most (RE2's, or our automaton's); 0 for text. */
  readonly weight: number;
}

/**
 * A search costs re2js up to about 20 ns per character and instruction of the pattern's
 * program (measured: `[a-z]{1,30}[0-9]`, 62 instructions, over 1 MiB of `a` takes 1.1 s), and
 * the simple automaton up to about 45 ns per character and live state. Up to this much work
 * (40 to 90 ms) it runs on the CLI's thread, between two of the event loop's turns; beyond it,
 * on the worker thread, where it cannot hold up Ctrl-C. The built-in templates' regexes (20 to
 * 150 states) move there only for files of 14 to 100 KiB and more.
 */
const THREAD_WORK = 2 ** 21;

/**
 * The largest RE2 program a template regex may compile to. Compiling one costs re2js about
 * 15 to 30 µs per instruction on the CLI's thread (measured: 2 500 instructions, 50 to 85 ms;
 * 100 000, most of a second), and a search there adds up to THREAD_WORK's 50 ms; this keeps
 * both together well under 200 ms. `^.{0,1000}$` (about 2 000) fits; RE2's limits alone let a
 * pattern reach 1.4 million instructions.
 */
export const MAX_PROGRAM = 2500;

/**
 * re2js's `test` runs a lazy DFA, which costs up to 150 ns per character and instruction once a
 * program has more than about 500 instructions (each new state holds most of them), against
 * the NFA's 25: larger programs test with the NFA, so THREAD_WORK holds for both.
 */
const DFA_PROGRAM = 500;

/**
 * The RE2 instructions all the regexes of one manifest may compile to together: validation
 * compiles them in one synchronous call (the schema's), 10 000 instructions in about 170 ms.
 */
export const MAX_PROGRAMS = 4 * MAX_PROGRAM;

let engine: typeof RE2JS | undefined;

// Plain text or a simple pattern: validated and run without RE2.
const withoutEngine = (source: string) => isPlainText(source) || simplePattern(source) !== null;

/**
 * Loads the RE2 engine when compiling, validating or running `sources` needs it: when one is
 * neither plain text nor a simple pattern (simple-pattern.ts). Call before compiling.
 */
export async function prepareRegexes(sources: Iterable<string | undefined>): Promise<void> {
  if (engine) return;
  for (const source of sources)
    if (source !== undefined && !withoutEngine(source)) {
      engine = (await import('./re2-engine.js')).RE2JS;
      return;
    }
}

/**
 * Why the regexes of one manifest are too large together, or undefined. Each one over
 * MAX_PROGRAM is refused on its own (and never compiled), so only the others count.
 */
export function regexesProblem(sources: Iterable<string>): string | undefined {
  let total = 0;
  for (const source of sources) {
    if (withoutEngine(source)) continue;
    const size = estimateProgramSize(source);
    if (size <= MAX_PROGRAM) total += size;
  }
  return total > MAX_PROGRAMS
    ? `its regular expressions are too large together (about ${total} RE2 instructions, at most ${MAX_PROGRAMS}); simplify them, e.g. lower the {m,n} counts`
    : undefined;
}

/** One search, on the CLI's thread: an answer's (answers are bounded by answerTooLong). */
type Matcher = Pick<TemplateRegex, 'test' | 'search' | 'weight'>;

/**
 * Why `answer` is too long to check against `pattern` on the CLI's thread, or undefined. An
 * answer can come from a repo (a state file's, a package.json's description) and be a MiB;
 * the same work bound as a check's search keeps the check under about 50 ms: at least 13 000
 * characters for the built-in templates' patterns, 838 at the largest program allowed.
 */
export function answerTooLong(pattern: Matcher, answer: string): string | undefined {
  if (pattern.weight === 0) return undefined; // plain text: a substring search
  const most = Math.floor(THREAD_WORK / Math.max(1, pattern.weight));
  return answer.length > most
    ? `is too long to check against its pattern (${answer.length} characters, at most ${most})`
    : undefined;
}

/** Why `source` cannot be used (not RE2 syntax, or too large), or undefined when it compiles. */
export function regexProblem(source: string): string | undefined {
  if (withoutEngine(source)) return undefined;
  // Read from the text before compiling: compiling a huge pattern is itself the seconds we refuse.
  const size = estimateProgramSize(source);
  if (size > MAX_PROGRAM)
    return `is too large a regular expression (about ${size} RE2 instructions, at most ${MAX_PROGRAM}); simplify it, e.g. lower the {m,n} counts`;
  // Outside the try: a caller that did not prepare the engine is a bug, not a bad pattern.
  loadedEngine(source);
  try {
    // Through the cache: the answers and checks that use the pattern next need no second compile.
    compileRegex(source);
    return undefined;
  } catch (error) {
    return describeSyntaxError(error);
  }
}

// Each pattern is compiled once per process: manifest validation, the answers a prompt checks at
// every keystroke, and a fleet check asking the same few patterns of every repo all reuse it.
const compiled = new Map<string, TemplateRegex>();

/** Compiles a template regex; `multiline` makes ^ and $ match at line breaks. Throws on bad syntax. */
export function compileRegex(source: string, { multiline = false } = {}): TemplateRegex {
  const key = `${multiline ? 'm' : '-'}${source}`;
  let regex = compiled.get(key);
  if (!regex) compiled.set(key, (regex = compile(source, multiline)));
  return regex;
}

function compile(source: string, multiline: boolean): TemplateRegex {
  if (isPlainText(source)) {
    // indexOf over the largest file read (1 MiB) takes about a millisecond: no thread needed.
    const search = (text: string) => text.indexOf(source);
    const test = (text: string) => search(text) >= 0;
    return {
      search,
      test,
      searchAsync: (text) => Promise.resolve(search(text)),
      testAsync: (text) => Promise.resolve(test(text)),
      weight: 0,
    };
  }
  const matcher = simplePattern(source, { multiline }) ?? compileRe2(source, multiline);
  const { weight } = matcher;
  const search = (text: string) => matcher.search(text);
  const test = (text: string) => matcher.test(text);
  const onThread = async <T extends boolean | number>(
    op: 'test' | 'search',
    text: string,
    here: (text: string) => T,
  ): Promise<T> => {
    if (text.length * weight < THREAD_WORK) return here(text);
    const { regexThread } = await import('./regex-thread.js');
    return (await regexThread().run({ op, source, multiline, text }, () => here(text))) as T;
  };
  return {
    search,
    test,
    searchAsync: (text) => onThread('search', text, search),
    testAsync: (text) => onThread('test', text, test),
    weight,
  };
}

function compileRe2(source: string, multiline: boolean): Matcher {
  const re2 = loadedEngine(source);
  const re = re2.compile(source, multiline ? re2.MULTILINE : 0);
  const search = (text: string) => {
    const matcher = re.matcher(text);
    return matcher.find() ? matcher.start() : -1;
  };
  const weight = programSize(re);
  const test =
    weight > DFA_PROGRAM ? (text: string) => search(text) >= 0 : (text: string) => re.test(text);
  return { search, test, weight };
}

// re2js does not document its program, but its typings expose it; a pattern whose size cannot
// be read counts as large, so its searches go to the thread rather than hold up Ctrl-C.
function programSize(re: RE2JS): number {
  const prog = (re.re2Input as { prog?: { numInst?: () => unknown } } | undefined)?.prog;
  const size = prog?.numInst?.();
  return typeof size === 'number' && size > 0 ? size : Number.MAX_SAFE_INTEGER;
}

// A caller that compiles without preparing first is a bug, not bad input.
function loadedEngine(source: string): typeof RE2JS {
  if (!engine) throw new Error(`regex ${JSON.stringify(source)} compiled before prepareRegexes`);
  return engine;
}

// re2js says "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"; keep the cause
// and name what RE2 leaves out, since that is what authors coming from JavaScript trip on.
function describeSyntaxError(error: unknown): string {
  const detail = (error instanceof Error ? error.message : String(error)).replace(
    /^error parsing regexp: /,
    '',
  );
  return `is not a supported regular expression (${detail}); patterns use RE2 syntax, without backreferences or lookaround`;
}
