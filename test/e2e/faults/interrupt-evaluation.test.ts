import { describe, expect, it } from 'vitest';
import { checkedService } from './checked-service.js';
import { interruptAfterReads } from './process-io.js';

// Reads hand the event loop a turn every 50 ms; so must the evaluation that follows them. Here
// it is the heavy part: 80 template checks search 80 files of 1 MB each with an RE2 regex,
// about 125 ms of CPU a check and 10 s in all, after a read of only 80 MB.

const FILES = 80;
const TEXT = `${'a'.repeat(1_000_000)}!\n`;

function heavyChecksService(): Promise<{ repo: string; catalog: string }> {
  const checks = Array.from({ length: FILES }, (_, i) => ({
    id: `ci.heavy-${i}`,
    category: 'ci',
    severity: 'error',
    message: 'm',
    file: `big/f${i}.txt`,
    notContains: '^(a+)+$',
  }));
  const files = Object.fromEntries(checks.map((c) => [c.file, TEXT]));
  return checkedService(checks, files);
}

describe('Ctrl-C during the evaluation of a check', () => {
  it(
    'exits 130 promptly once every file is read and the rules run',
    { timeout: 120_000 },
    async () => {
      const { repo, catalog } = await heavyChecksService();
      // Past the bytes of every big file (module loading reads more on top): the reads are done,
      // and seconds of regex work lie ahead.
      const run = await interruptAfterReads(
        ['check', '--catalog', catalog],
        repo,
        FILES * TEXT.length,
      );
      expect(run.sent, 'the check ended before it read every file').toBe(true);
      // The budget is 1 s; a shared CI machine gets 5 s, still far below the 10 s the
      // evaluation takes when it does not yield.
      expect(run.answerMs).toBeLessThan(5000);
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/Interrupted/);
    },
  );
});
