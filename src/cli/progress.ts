import type { Progress } from '../create/create-service.js';
import type { Output } from './output.js';

/** Spinners on an interactive stderr, plain lines otherwise (CI logs, pipes, --json). */
export function createProgress(output: Output): Progress {
  const interactive = Boolean(process.stderr.isTTY) && !output.json;
  const { err } = output;
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
      const ready = import('yocto-spinner').then(({ default: yoctoSpinner }) => {
        spinner = yoctoSpinner({ text, stream: process.stderr }).start();
      });
      return {
        update: (t) => {
          text = t;
          if (spinner) spinner.text = t;
        },
        succeed: (t) => void ready.then(() => spinner?.success(t ?? text)),
        fail: (t) => void ready.then(() => spinner?.error(t ?? text)),
      };
    },
  };
}
