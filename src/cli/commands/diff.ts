import { diffRepo } from '../../drift/diff.js';
import { createOutput } from '../output.js';
import { setProblemsFound } from '../exit.js';

export interface DiffFlags {
  exitCode?: boolean;
  catalog?: string[];
  json?: boolean;
}

/** `platform diff [path]`: exits 0, or 1 with --exit-code when something differs. */
export async function runDiff(target: string | undefined, flags: DiffFlags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const { template, diffs } = await diffRepo({
    root: target ?? '.',
    cwd: process.cwd(),
    catalogs: flags.catalog ?? [],
  });
  setProblemsFound(Boolean(flags.exitCode) && diffs.length > 0);
  if (output.json) return output.document({ command: 'diff', template, files: diffs });
  const { out } = output;
  if (diffs.length === 0) {
    output.log(`No differences from ${template.id}@${template.version}.`);
    return;
  }
  for (const d of diffs)
    for (const line of d.patch.replace(/\n$/, '').split('\n'))
      output.print(
        line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ')
          ? out.bold(line)
          : line.startsWith('+')
            ? out.green(line)
            : line.startsWith('-')
              ? out.red(line)
              : line.startsWith('@@')
                ? out.cyan(line)
                : line,
      );
}
