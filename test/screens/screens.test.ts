import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTER, converse } from '../helpers/pty.js';
import { ROOT, runBin } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';
import { finalScreen } from '../helpers/virtual-screen.js';

/**
 * What users see, kept in docs/screens/ for reviewers. `npm run screens` regenerates them; this
 * test fails when output changes and they were not regenerated. Template versions are pinned
 * (@1.0.0, @1.1.0), so a new template release does not churn the screens.
 */
const SCREENS = path.join(ROOT, 'docs/screens');
const { version: CLI_VERSION } = JSON.parse(
  await readFile(path.join(ROOT, 'package.json'), 'utf8'),
) as { version: string };

/** Machine- and run-specific text out: temp paths, durations, the CLI and Node versions. */
function scrub(text: string, dirs: string[]): string {
  let out = text;
  for (const dir of dirs) out = out.split(dir).join('<tmp>');
  return (
    out
      .split(`create-service@${CLI_VERSION}`)
      .join('create-service@<version>')
      .replace(/\b\d+(\.\d+)?(m?s)\b/g, 'N$2')
      // The Node mismatch note depends on the Node that captured the screen.
      .replace(/\n! This service needs Node\.js[^\n]*\n[^\n]*\n/, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/\n*$/, '\n')
  );
}

const screen = (name: string) => path.join(SCREENS, name);

async function render(version: string, parent: string, name = 'orders') {
  const result = await runBin(
    'create-service',
    [name, '-t', `node-http-service@${version}`, '--yes', '--no-install'],
    { cwd: parent },
  );
  expect(result.exitCode, result.stderr).toBe(0);
  return path.join(parent, name);
}

describe('docs/screens', () => {
  it('interactive create', async () => {
    const cwd = await testdir();
    const prompts = [
      /Service name/,
      /One-line description/,
      /HTTP port/,
      /Owning team/,
      /Backstage system/,
      /Lifecycle/,
      /CI system/,
    ];
    const { code, screen: raw } = await converse(
      cwd,
      ['orders', '-t', 'node-http-service@1.1.0', '--no-install'],
      prompts.map((p) => [p, ENTER]),
      { NO_COLOR: '1' },
    );
    expect(code, raw).toBe(0);
    await expect(
      `$ create-service orders -t node-http-service@1.1.0 --no-install\n${scrub(finalScreen(raw), [cwd])}`,
    ).toMatchFileSnapshot(screen('create-interactive.txt'));
  }, 60_000);

  it('doctor on a drifting repo', async () => {
    const parent = await testdir();
    const repo = await render('1.1.0', parent);
    await writeFile(
      path.join(repo, 'Dockerfile'),
      'FROM node:latest\nCMD ["node", "dist/main.js"]\n',
    );
    await rm(path.join(repo, '.env.example'));
    gitSync(repo, 'commit', '-qam', 'drift');
    const result = await runBin('platform', ['doctor'], { cwd: repo });
    expect(result.exitCode).toBe(1);
    await expect(
      `$ platform doctor\n${scrub(`${result.stdout}\n${result.stderr}`, [parent])}`,
    ).toMatchFileSnapshot(screen('doctor-drifting.txt'));
  }, 60_000);

  it('upgrade --dry-run', async () => {
    const parent = await testdir();
    const repo = await render('1.0.0', parent);
    const readme = path.join(repo, 'README.md');
    await writeFile(
      readme,
      `${await readFile(readme, 'utf8')}\n## Team notes\n\nOn call: #orders.\n`,
    );
    gitSync(repo, 'commit', '-qam', 'team notes');
    const args = ['upgrade', '--dry-run', '--to', '1.1.0'];
    const result = await runBin('platform', args, { cwd: repo });
    expect(result.exitCode, result.stderr).toBe(0);
    await expect(
      `$ platform ${args.join(' ')}\n${scrub(`${result.stdout}\n${result.stderr}`, [parent])}`,
    ).toMatchFileSnapshot(screen('upgrade-dry-run.txt'));
  }, 60_000);

  it('insights', async () => {
    const dir = await testdir();
    const events = path.join(dir, 'events.jsonl');
    await writeFile(events, await readFile(path.join(ROOT, 'test/screens/events.jsonl'), 'utf8'));
    const result = await runBin('platform', ['insights', 'events.jsonl'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    await expect(
      `$ platform insights events.jsonl\n${scrub(`${result.stdout}\n${result.stderr}`, [dir])}`,
    ).toMatchFileSnapshot(screen('insights.txt'));
  });
});
