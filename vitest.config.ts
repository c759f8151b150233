import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  bugs: { url: string };
};

export default defineConfig({
  define: {
    __CLI_VERSION__: JSON.stringify(pkg.version),
    __CLI_PACKAGE__: JSON.stringify(pkg.name),
    __BUILD_ID__: JSON.stringify(`${pkg.version}+${Date.now().toString(36)}`),
    __CLI_BUGS_URL__: JSON.stringify(pkg.bugs.url),
  },
  resolve: {
    // See src/commander-suggest.d.ts: commander does not export its suggester.
    alias: {
      'commander/lib/suggestSimilar.js': fileURLToPath(
        new URL('./node_modules/commander/lib/suggestSimilar.js', import.meta.url),
      ),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
