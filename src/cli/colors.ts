import type { Paint } from '../report/check-report.js';

// The six styles the CLI uses, as SGR open and close codes.
const STYLES = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
} as const satisfies Record<keyof Paint, readonly [number, number]>;

/**
 * Terminal colours, or plain text when `enabled` is false. The escapes are chalk's, byte for
 * byte: a style is re-opened after a nested style's close code and around line breaks. We
 * write them ourselves because chalk's colour detection loads node:tty and node:os at start-up,
 * and createOutput decides the level itself.
 */
export function createColors(enabled: boolean): Paint {
  const style = ([open, close]: readonly [number, number]) => {
    if (!enabled) return (text: string) => String(text);
    const [on, off] = [`\u001B[${open}m`, `\u001B[${close}m`];
    return (text: string) => {
      let string = String(text);
      if (!string) return string;
      if (string.includes('\u001B')) string = string.replaceAll(off, off + on);
      if (string.includes('\n')) string = string.replace(/\r?\n/g, (lf) => off + lf + on);
      return on + string + off;
    };
  };
  return {
    red: style(STYLES.red),
    yellow: style(STYLES.yellow),
    green: style(STYLES.green),
    cyan: style(STYLES.cyan),
    dim: style(STYLES.dim),
    bold: style(STYLES.bold),
  };
}
