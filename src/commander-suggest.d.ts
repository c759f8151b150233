// Commander's "did you mean" suggester is not in its package exports; scripts/build.mjs and
// vitest.config.ts point this name at the file, so a template id is guessed as a flag is.
declare module 'commander/lib/suggestSimilar.js' {
  /** `\n(Did you mean x?)`, or an empty string. */
  export function suggestSimilar(word: string, candidates: string[]): string;
}
