import { describe, expect, it } from 'vitest';
import { runBin, type BIN } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

/** The subcommand names listed under "Commands:" in a help text (commander's own `help` aside). */
function subcommands(help: string): string[] {
  const section = help.split(/^Commands:\n/m)[1]?.split(/\n\n/)[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

/** Every command path below `bin`, found by walking the help texts themselves. */
async function helpOfEveryCommand(bin: keyof typeof BIN, cwd: string) {
  const found: { path: string[]; help: string }[] = [];
  const walk = async (path: string[]) => {
    const { stdout, exitCode } = await runBin(bin, [...path, '--help'], { cwd });
    expect(exitCode, path.join(' ')).toBe(0);
    found.push({ path, help: stdout });
    for (const sub of subcommands(stdout)) await walk([...path, sub]);
  };
  await walk([]);
  return found;
}

describe('--help', () => {
  it('every command and subcommand shows at least one example of itself', async () => {
    const cwd = await testdir();
    const helps = [
      ...(await helpOfEveryCommand('platform', cwd)).map((h) => ({ ...h, bin: 'platform' })),
      ...(await helpOfEveryCommand('create-service', cwd)).map((h) => ({
        ...h,
        bin: 'create-service',
      })),
    ];
    // The walk itself must have found the commands, or this test proves nothing.
    expect(helps.map((h) => h.path.join(' '))).toEqual(
      expect.arrayContaining(['doctor', 'check', 'upgrade', 'templates list', 'telemetry status']),
    );
    for (const { bin, path, help } of helps) {
      const examples = help.split(/^Examples:\n/m)[1] ?? '';
      const invocation = [bin, ...path].join(' ');
      expect(examples, `${invocation} --help`).toContain(`$ ${invocation}`);
    }
  }, 120_000);
});
