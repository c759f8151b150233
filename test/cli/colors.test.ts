import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/cli/colors.js';

// The CLI's colours replaced chalk's; what a terminal receives must not change.
const chalk = new Chalk({ level: 1 });
const colors = createColors(true);
const STYLES = ['red', 'yellow', 'green', 'cyan', 'dim', 'bold'] as const;
const TEXTS = [
  'plain',
  '',
  'two\nlines',
  'windows\r\nline\nends\n',
  `outer ${chalk.bold('inner')} rest`,
  `${chalk.dim('dim')} and ${chalk.red('red')}\n${chalk.cyan('x')}`,
  '✔ ünïcode → ⚠',
];

describe('createColors', () => {
  it.each(STYLES)('%s writes the escapes chalk writes', (style) => {
    for (const text of TEXTS) expect(colors[style](text)).toBe(chalk[style](text));
  });

  it('nests like chalk: a bold inside a dim keeps the rest dim', () => {
    const nested = colors.dim(`a ${colors.bold('b')} c`);
    expect(nested).toBe(chalk.dim(`a ${chalk.bold('b')} c`));
    expect(nested).toBe('\u001B[2ma \u001B[1mb\u001B[22m\u001B[2m c\u001B[22m');
  });

  it('writes plain text when colours are off', () => {
    const off = createColors(false);
    for (const style of STYLES) for (const text of TEXTS) expect(off[style](text)).toBe(text);
  });
});
