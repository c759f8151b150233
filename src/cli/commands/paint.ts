import type { ChalkInstance } from 'chalk';
import type { Paint } from '../../report/check-report.js';

/** The report layer's colours, backed by chalk (which only src/cli/ may use). */
export function chalkPaint(chalk: ChalkInstance): Paint {
  return {
    red: (t) => chalk.red(t),
    yellow: (t) => chalk.yellow(t),
    green: (t) => chalk.green(t),
    cyan: (t) => chalk.cyan(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
  };
}
