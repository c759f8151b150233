// Writes docs/rules.md from the rule definitions in src/drift/rules.ts, so the two cannot
// disagree. test/drift/rules-doc.test.ts fails when the file is stale.
import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const result = await build({
  entryPoints: ['src/drift/rules.ts'],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
const { renderRulesDoc } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
);
const file = fileURLToPath(new URL('../docs/rules.md', import.meta.url));
const options = (await prettier.resolveConfig(file)) ?? {};
await writeFile(file, await prettier.format(renderRulesDoc(), { ...options, filepath: file }));
console.log('Wrote docs/rules.md');
