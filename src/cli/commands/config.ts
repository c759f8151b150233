import { loadConfig } from '../../config/load-config.js';
import { CLI_PACKAGE } from '../../version.js';
import { createOutput } from '../output.js';

/** `platform config print`: the resolved configuration and where each value came from. */
export async function runConfigPrint(flags: { json?: boolean }): Promise<void> {
  const output = createOutput({ json: Boolean(flags.json) });
  const config = await loadConfig({ cwd: process.cwd() });
  const values = {
    catalogs: config.catalogs.length > 0 ? config.catalogs.map((c) => c.source) : ['builtin'],
    rules: config.rules,
    telemetry: config.telemetry,
    cli: { package: config.cliPackage ?? CLI_PACKAGE },
  };
  if (output.json)
    return output.document({ config: values, origins: config.origins, files: config.files });
  const { out } = output;
  const origin = (key: string) => out.dim(`  # ${config.origins[key] ?? 'default'}`);
  output.print(`${out.bold('catalogs')}: ${values.catalogs.join(', ')}${origin('catalogs')}`);
  output.print(
    out.bold('rules') + ':' + (Object.keys(values.rules).length === 0 ? ' (defaults)' : ''),
  );
  for (const [rule, level] of Object.entries(values.rules))
    output.print(`  ${rule}: ${level}${origin(`rules.${rule}`)}`);
  output.print(
    out.bold('telemetry') + ':' + (Object.keys(values.telemetry).length === 0 ? ' (defaults)' : ''),
  );
  for (const [key, value] of Object.entries(values.telemetry))
    output.print(`  ${key}: ${String(value)}${origin(`telemetry.${key}`)}`);
  output.print(`${out.bold('cli')}:\n  package: ${values.cli.package}${origin('cli.package')}`);
  output.print(
    out.dim(
      config.files.length > 0
        ? `\nFiles read: ${config.files.join(', ')}`
        : '\nNo configuration file found; these are the defaults.',
    ),
  );
}
