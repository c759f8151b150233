import type { Progress } from '../create/create-service.js';
import { onInterrupt } from '../interrupt-cleanup.js';
import type { Output } from './output.js';

/** Spinners on an interactive stderr, plain lines otherwise (CI logs, pipes, --json). */
export function createProgress(output: Output): Progress {
  const interactive = Boolean(process.stderr.isTTY) && !output.json;
  const { err } = output;
  // One spinner at a time: the next starts only once the previous has drawn its last line.
  let previous: Promise<unknown> = Promise.resolve();
  return {
    start(label) {
      if (!interactive) {
        output.log(`${err.dim('›')} ${label}…`);
        return {
          update: () => {},
          succeed: (text) => output.log(`${err.green('✔')} ${text ?? label}`),
          fail: (text) => output.log(`${err.red('✖')} ${text ?? label}`),
        };
      }
      let spinner:
        { text: string; success(t?: string): unknown; error(t?: string): unknown } | undefined;
      let text = label;
      // Loaded lazily: most commands never spin.
      // On Ctrl-C the spinner's line is ended, not left half-drawn; the CLI's own signal
      // handler decides the exit, so the spinner must not exit first.
      const release = onInterrupt(() => void spinner?.error(`${text} (interrupted)`));
      const ready = previous
        .then(() => import('yocto-spinner'))
        .then(({ default: yoctoSpinner }) => {
          spinner = yoctoSpinner({ text, stream: process.stderr, handleSignals: false }).start();
        });
      let ended!: () => void;
      previous = new Promise<void>((resolve) => (ended = resolve));
      const end = (how: 'success' | 'error', t?: string) =>
        void ready.then(() => {
          release();
          spinner?.[how](t ?? text);
          ended();
        });
      return {
        update: (t) => {
          text = t;
          if (spinner) spinner.text = t;
        },
        succeed: (t) => end('success', t),
        fail: (t) => end('error', t),
      };
    },
  };
}
