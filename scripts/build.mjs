// Bundles each bin's entry with code splitting, so a command loads only the chunks it uses.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: {
    'create-service': 'src/cli/create-service.ts',
    platform: 'src/cli/platform.ts',
    // The detached sender: its own small entry, importing nothing of the user's project.
    'telemetry-sender': 'src/cli/telemetry-sender.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __CLI_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
