import { adoptRepo } from '../../drift/adopt.js';
import { repoDocument } from '../../report/json.js';
import { formatRepoText } from '../../report/text.js';
import { checkEventProps, setEventProject, setEventProps } from '../../telemetry/command-event.js';
import { CLI_VERSION } from '../../version.js';
import { createOutput } from '../output.js';

export interface AdoptFlags {
  template: string;
  set?: string[];
  catalog?: string[];
  json?: boolean;
}

/** `platform adopt [path] --template <id[@version]>`: exits 0 once adopted, whatever the drift. */
export async function runAdopt(target: string | undefined, flags: AdoptFlags): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const result = await adoptRepo({
    root: target ?? '.',
    cwd: process.cwd(),
    template: flags.template,
    set: flags.set ?? [],
    catalogs: flags.catalog ?? [],
    cliVersion: CLI_VERSION,
  });
  setEventProject(result.report.root);
  setEventProps(checkEventProps([result.report]));
  if (output.json)
    return output.document({
      command: 'adopt',
      template: result.template,
      answers: result.answers,
      inferred: result.inferred,
      stateFile: result.stateFile,
      drift: repoDocument(result.report),
    });
  const { out } = output;
  const { id, version } = result.template;
  output.print(
    `${out.green('✔')} Adopted ${out.cyan(`${id}@${version}`)}: wrote ${result.stateFile}; no other file was touched.`,
  );
  for (const [name, from] of Object.entries(result.inferred))
    output.print(
      `  ${out.dim(`${name} = ${JSON.stringify(result.answers[name])} (from ${from})`)}`,
    );
  output.print(`\n${out.bold('The drift it would take to comply:')}\n`);
  output.print(formatRepoText(result.report, out));
  output.print(
    `\nCommit ${result.stateFile}; \`platform doctor --fix\` restores the managed files, \`platform diff\` shows the rest.`,
  );
}
