// The newest version of each built-in template, for each `ci` choice, given answers a team
// really types: the render is valid or refused with exit 2, never broken with exit 0.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestRenders } from '../helpers/newest-render.js';
import { runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

const QUOTED = 'Says "hello", a \\ backslash and a tab\there';

describe.each(newestRenders())('$id@$version, ci=$ci, with hard answers', ({ id, version, ci }) => {
  const base = ['svc', '-t', `${id}@${version}`, '--set', 'name=svc', '--set', `ci=${ci}`];

  it('renders a description with quotes into JSON that parses', async () => {
    const cwd = await testdir();
    const args = [...base, '--set', `description=${QUOTED}`, '--yes', '--no-install', '--no-git'];
    const result = await runBin('create-service', args, { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const entries = await readdir(path.join(cwd, 'svc'), { recursive: true, withFileTypes: true });
    const jsonFiles = entries.filter((e) => e.isFile() && e.name.endsWith('.json'));
    expect(jsonFiles.length).toBeGreaterThan(0);
    for (const file of jsonFiles) {
      const text = await readFile(path.join(file.parentPath, file.name), 'utf8');
      expect(() => JSON.parse(text) as unknown, file.name).not.toThrow();
    }
    const pkg = JSON.parse(await readFile(path.join(cwd, 'svc/package.json'), 'utf8')) as {
      description: string;
    };
    expect(pkg.description).toBe(QUOTED);
  });

  it.each(['70000', '0', '-1', '8080.5'])(
    'refuses port=%s with exit 2 and writes nothing',
    async (port) => {
      const cwd = await testdir();
      const result = await runBin(
        'create-service',
        [...base, '--set', `port=${port}`, '--yes', '--no-install'],
        { cwd },
      );
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/port/);
      expect(await readdir(cwd)).toEqual([]);
    },
  );
});
