import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { BIN, isolatedEnv } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

const FILES = 3000;

async function largeCatalog() {
  const chunk = 'x'.repeat(16 * 1024);
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++)
    files[`dir${i % 30}/file-${i}.txt.hbs`] = `{{name}} ${i}\n${chunk}`;
  return catalogDir({
    big: {
      '1.0.0': {
        manifest: { parameters: [{ name: 'name', type: 'string', default: 'big' }] },
        files,
      },
    },
  });
}

/** Starts a render, waits until the staging folder holds some files, then sends `signal`. */
async function interruptRender(cwd: string, catalog: string, signal: NodeJS.Signals) {
  const child = spawn(
    'node',
    [
      BIN['create-service'],
      'out',
      '--catalog',
      catalog,
      '-t',
      'big',
      '--yes',
      '--no-git',
      '--no-install',
    ],
    {
      cwd,
      env: await isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let signalled = false;
  // A deadline, not a count: on a loaded CI machine the CLI can take seconds to start.
  for (const deadline = Date.now() + 45_000; Date.now() < deadline && !signalled;) {
    const staging = (await readdir(cwd)).find((f) => f.startsWith('.out.create-service-'));
    const inside = staging ? await readdir(path.join(cwd, staging)).catch(() => []) : [];
    if (inside.length >= 3) {
      child.kill(signal);
      signalled = true;
    } else await new Promise((r) => setTimeout(r, 5));
  }
  expect(signalled, 'the render never reached the staging folder').toBe(true);
  return { code: await exited, stderr };
}

describe('rendering is atomic', () => {
  let catalog: string;
  beforeAll(async () => {
    catalog = await largeCatalog();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a large render leaves nothing behind',
    async (signal) => {
      const cwd = await testdir();
      const { code, stderr } = await interruptRender(cwd, catalog, signal);
      expect(code).toBe(130);
      expect(stderr).toMatch(/Interrupted; nothing was left half-written/);
      expect(await readdir(cwd)).toEqual([]);
    },
    60_000,
  );

  it('an interrupt while filling an existing empty folder leaves it empty', async () => {
    const cwd = await testdir({ 'out/.keep': '' });
    const { rm } = await import('node:fs/promises');
    await rm(path.join(cwd, 'out/.keep'));
    const { code } = await interruptRender(cwd, catalog, 'SIGINT');
    expect(code).toBe(130);
    expect(await readdir(cwd)).toEqual(['out']);
    expect(await readdir(path.join(cwd, 'out'))).toEqual([]);
  }, 60_000);
});
