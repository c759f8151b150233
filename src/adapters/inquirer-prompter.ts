import { InterruptedError } from '../errors.js';
import type { Prompter } from './prompter.js';

// Ctrl-C inside a prompt is an interrupt, not a crash.
async function interruptible<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new InterruptedError();
    throw error;
  }
}

/** Real prompts on the terminal, loaded only when a prompt is needed. */
export const inquirerPrompter: Prompter = {
  async select(options) {
    const { select } = await import('./inquirer-prompts.js');
    return interruptible(() => select(options));
  },
  async input(options) {
    const { input } = await import('./inquirer-prompts.js');
    return interruptible(() => input(options));
  },
  async confirm(options) {
    const { confirm } = await import('./inquirer-prompts.js');
    return interruptible(() => confirm(options));
  },
};
