import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runBin } from '../helpers/run-bin.js';
import { copyRepo, renderService, templateCatalog } from '../drift/fixtures.js';
import { telemetryEnv } from '../telemetry/telemetry-env.js';

// bin/platform.js runs a command line that starts with `check` from the check's own CommonJS
// bundle, and every other one from the full program. `platform check --no-telemetry …` and
// `platform --no-telemetry check …` mean the same run, one through each; they must not differ.
let catalog: string;
let repo: string;

beforeAll(async () => {
  catalog = await templateCatalog(['1.0.0', '1.1.0']);
  repo = await copyRepo(await renderService(catalog, '1.0.0'));
  // Drifted, so that the reports have findings and both exit codes are 1.
  await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:latest\n');
});

const platform = async (args: string[], env?: Record<string, string>) =>
  runBin('platform', args, { cwd: repo, env: env ?? (await isolatedEnv()) });

/** The same check through the check bundle and through the full program. */
async function bothWays(args: string[]) {
  const bundle = await platform(['check', '--no-telemetry', ...args]);
  const full = await platform(['--no-telemetry', 'check', ...args]);
  return { bundle, full };
}

describe('platform check from its own bundle', () => {
  it('is loaded only when the command line starts with check', async () => {
    const env = await isolatedEnv({ NODE_DEBUG: 'module' });
    const loads = (stderr: string) => stderr.includes(`dist${path.sep}platform-check.cjs`);
    expect(loads((await platform(['check', '--version'], env)).stderr)).toBe(true);
    expect(loads((await platform(['--no-telemetry', 'check', '--version'], env)).stderr)).toBe(
      false,
    );
    expect(loads((await platform(['help', 'check'], env)).stderr)).toBe(false);
  });

  it('prints the same help as `platform help check`', async () => {
    const bundle = await platform(['check', '--help']);
    const full = await platform(['help', 'check']);
    expect(bundle.exitCode).toBe(0);
    expect(bundle.stdout).toContain('Usage: platform check [options] [paths...]');
    expect(bundle.stdout).toContain('--fleet <dir>');
    expect(bundle.stdout).toContain('$ platform check --format github');
    expect(bundle).toEqual(full);
  });

  it('writes the same reports with the same exit code, in every format', async () => {
    for (const args of [
      ['--catalog', catalog],
      ['--catalog', catalog, '--json'],
      ['--catalog', catalog, '--format', 'sarif'],
      ['--catalog', catalog, '--fail-on', 'never', '--format', 'markdown'],
      ['--catalog', catalog, '--fleet', path.dirname(repo), '--format', 'json'],
    ]) {
      const { bundle, full } = await bothWays(args);
      expect(bundle.exitCode, args.join(' ')).toBe(args.includes('never') ? 0 : 1);
      expect(bundle, args.join(' ')).toEqual(full);
    }
  });

  it('reports usage errors the same way, exit 2', async () => {
    for (const args of [['--bogus'], ['--bogus', '--json'], ['--fail-on', 'bogus'], ['--shard']]) {
      const { bundle, full } = await bothWays(args);
      expect(bundle.exitCode, args.join(' ')).toBe(2);
      expect(bundle, args.join(' ')).toEqual(full);
    }
  });

  it("answers the program's own options after check: --version, and --no-telemetry", async () => {
    const version = await platform(['check', '-v']);
    expect(version.exitCode).toBe(0);
    expect(version).toEqual(await platform(['-v']));

    const t = await telemetryEnv({ consent: true, extra: { PLATFORM_TELEMETRY_DEBUG: '1' } });
    const recorded = await platform(['check', '--catalog', catalog], t.env);
    expect(recorded.stderr).toMatch(/^\[telemetry\] \{"event":"check"/m);
    const off = await platform(['check', '--catalog', catalog, '--no-telemetry'], t.env);
    expect(off.exitCode).toBe(1);
    expect(off.stderr).toContain('[telemetry] off (flag: --no-telemetry was given)');
    expect(off.stderr).not.toMatch(/^\[telemetry\] \{/m);
  });
});
