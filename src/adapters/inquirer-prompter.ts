import { styleText } from 'node:util';
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

// Inquirer's input and confirm have no place for help, so it goes on a dim line of its own
// above the prompt, where it cannot be mistaken for the default that follows the message.
function showHelp(help: string | undefined) {
  if (!help) return;
  const line = `  ${help}`;
  process.stdout.write(`${process.env.NO_COLOR ? line : styleText('dim', line)}\n`);
}

/** Real prompts on the terminal, loaded only when a prompt is needed. */
export const inquirerPrompter: Prompter = {
  async select(options) {
    const { select } = await import('./inquirer-prompts.js');
    return interruptible(() => select(options));
  },
  async input({ help, ...options }) {
    const { input } = await import('./inquirer-prompts.js');
    showHelp(help);
    return interruptible(() => input(options));
  },
  async confirm({ help, ...options }) {
    const { confirm } = await import('./inquirer-prompts.js');
    showHelp(help);
    return interruptible(() => confirm(options));
  },
};
