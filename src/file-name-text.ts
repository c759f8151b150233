import { isUtf8 } from 'node:buffer';

/**
 * The one owner of "a file name that is not UTF-8". Node decodes such names lossily (each bad
 * byte becomes U+FFFD), so the decoded name no longer opens the file, and two names can decode
 * to the same text. Where a name comes from bytes (git's `-z` output, a template's folder), it
 * is checked here and shown with `\xNN` escapes for the bytes that are not UTF-8.
 */

const strict = new TextDecoder('utf-8', { fatal: true });

/** A name's bytes as text: `valid` is false when they are not UTF-8, and `text` then escapes them. */
export function decodeFileName(bytes: Uint8Array): { text: string; valid: boolean } {
  if (isUtf8(bytes)) return { text: strict.decode(bytes), valid: true };
  return { text: escapeInvalid(bytes), valid: false };
}

/** True when a name Node decoded may hide bytes that are not UTF-8 (it holds U+FFFD). */
export function mayBeUndecodable(name: string): boolean {
  return name.includes('\uFFFD');
}

// Each UTF-8 sequence is kept as text; a byte that starts none is written as \xNN.
function escapeInvalid(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += strict.decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return out;
}

function sequenceLength(bytes: Uint8Array, at: number): number {
  for (let length = 1; length <= 4 && at + length <= bytes.length; length++) {
    try {
      strict.decode(bytes.subarray(at, at + length));
      return length;
    } catch {
      // Too short, or not UTF-8 at all: try one byte more.
    }
  }
  return 0;
}
