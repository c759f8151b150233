/**
 * Replays what a program wrote to a terminal onto a grid, as the terminal would show it once it
 * is done: prompts redrawn in place appear once, colours and cursor moves are gone. It knows the
 * few sequences our prompts and spinners use (cursor up/down/column, erase line/screen).
 */
export function finalScreen(raw: string): string {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = (lines[row] ?? '').padEnd(col, ' ');
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  // eslint-disable-next-line no-control-regex -- terminal escape sequences are the input here
  const tokens = raw.match(/\x1b\[[?0-9;]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b.|[\s\S]/g) ?? [];
  for (const token of tokens) {
    if (token === '\n') {
      row++;
      if (lines[row] === undefined) lines[row] = '';
      col = 0;
    } else if (token === '\r') col = 0;
    else if (token.startsWith('\x1b[')) {
      const n = Number.parseInt(token.slice(2), 10);
      const count = Number.isNaN(n) ? 1 : n;
      const code = token.at(-1);
      if (code === 'A') row = Math.max(0, row - count);
      else if (code === 'B') row += count;
      else if (code === 'G') col = count - 1;
      else if (code === 'K') lines[row] = n === 2 ? '' : (lines[row] ?? '').slice(0, col);
      else if (code === 'J') {
        lines[row] = (lines[row] ?? '').slice(0, col);
        lines.length = row + 1;
      }
      for (let r = 0; r <= row; r++) lines[r] ??= '';
    } else if (token.startsWith('\x1b') || token === '\x07' || token === '\b') continue;
    else put(token);
  }
  return `${lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')}\n`;
}
