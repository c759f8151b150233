import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  bugs: { url: string };
};

/**
 * The files that take minutes (real installs, service builds, pipelines), longest first as
 * measured. A fresh clone has no duration cache, so vitest would start the biggest files by
 * size; starting these first keeps one of them from being the last thing still running.
 * A stale entry only costs time.
 */
const LONGEST_FIRST = [
  'test/e2e/pipeline-service.slow.test.ts',
  'test/e2e/templates.slow.test.ts',
  'test/e2e/templates-2.slow.test.ts',
  'test/e2e/pipeline-gitlab.slow.test.ts',
  'test/rollout/shards.slow.test.ts',
  'test/e2e/builtin-templates.test.ts',
  'test/rollout/rollout.slow.test.ts',
  'test/e2e/fault-scenarios.test.ts',
  'test/e2e/pipeline-gitleaks.slow.test.ts',
  'test/e2e/templates-run.slow.test.ts',
  'test/e2e/service-telemetry.slow.test.ts',
];

/** vitest's order (failed, then longest by its cache, then largest), with LONGEST_FIRST first. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

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
    // Most of the suite waits on child processes, installs and the network, so two files at
    // a time keep a 2-core machine busy; vitest's default would be one there (cores - 1).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
  },
});
