import { describe, expect, it } from 'vitest';
import { runBin } from '../../helpers/run-bin.js';
import { snapshotTree } from '../../helpers/tree-snapshot.js';
import { checkedService } from './checked-service.js';
import { cpuPast, interruptWhen } from './process-io.js';

// One search is one synchronous call: `[a-z]{1,300}[0-9]` (about 600 states) over 1 MB of `a`
// takes 10 to 20 s of CPU, on RE2 or on our own automaton alike. Run on the CLI's own thread, it
// kept Ctrl-C waiting for all of it; on the regex worker thread, the CLI answers at once and the
// thread ends with it.

const TEXT = `${'a'.repeat(1_000_000)}\n`;
const PATTERN = '[a-z]{1,300}[0-9]';
// A check that searches nothing costs well under a second of CPU; past this, the search runs.
const SEARCHING_CPU_MS = 1500;

interface Finding {
  ruleId: string;
  message: string;
  line?: number;
}
type Search = { contains: string } | { notContains: string };

/** A service whose template checks `big.txt` (holding `text`) with each of `searches`. */
function bigFileService(
  text: string,
  searches: Search[],
): Promise<{ repo: string; catalog: string }> {
  const checks = searches.map((search, i) => ({
    id: `ci.search-${i}`,
    category: 'ci',
    severity: 'error',
    message: `search ${i}`,
    file: 'big.txt',
    ...search,
  }));
  return checkedService(checks, { 'big.txt': text });
}

describe('long regex searches', () => {
  it(
    'Ctrl-C during one exits 130 within a second, with nothing written',
    { timeout: 120_000 },
    async () => {
      const { repo, catalog } = await bigFileService(TEXT, [{ notContains: PATTERN }]);
      const before = snapshotTree(repo);
      const run = await interruptWhen(['check', '--catalog', catalog], repo, (pid, exited) =>
        cpuPast(pid, SEARCHING_CPU_MS, exited),
      );
      expect(run.sent, 'the check ended before the search was under way').toBe(true);
      // The search alone has seconds left to run; the answer must not wait for it.
      expect(run.answerMs).toBeLessThan(1000);
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(/Interrupted/);
      expect(snapshotTree(repo)).toEqual(before);
    },
  );

  it('answer as on a small file, and the run ends when they do', async () => {
    // 5,000 lines of 99 `a`s, then `aax`: half a megabyte, so these run on the worker thread.
    const text = `${`${'a'.repeat(99)}\n`.repeat(5000)}aax\n`;
    const { repo, catalog } = await bigFileService(text, [
      { notContains: 'a{1,30}x' },
      { contains: '^a{2}x$' },
      { contains: '^b{2,9}$' },
      { notContains: '^a{100}$' },
    ]);
    const run = await runBin('platform', ['check', '--catalog', catalog, '--format', 'json'], {
      cwd: repo,
    });
    expect(run.exitCode, run.stderr).toBe(1);
    const { repos } = JSON.parse(run.stdout) as { repos: { findings: Finding[] }[] };
    const failed = repos[0]!.findings.filter((f) => f.ruleId.startsWith('ci.search-'));
    expect(failed.map((f) => [f.ruleId, f.line])).toEqual([
      ['ci.search-0', 5001],
      ['ci.search-2', undefined],
    ]);
    expect(failed[0]!.message).toMatch(/big\.txt matches \/a\{1,30\}x\//);
    expect(failed[1]!.message).toMatch(/big\.txt does not match \/\^b\{2,9\}\$\//);
  });
});
