import { suggestSimilar } from 'commander/lib/suggestSimilar.js';

/**
 * "Did you mean …?" for a misspelled name, or undefined. It is commander's own suggester, so a
 * template id is guessed exactly as a flag or a command is.
 */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  const text = suggestSimilar(word, candidates).trim();
  return text ? text.replace(/^\(|\)$/g, '') : undefined;
}
