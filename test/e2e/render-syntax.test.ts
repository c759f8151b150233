import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDir } from '../helpers/catalog.js';
import { runBin } from '../helpers/run-bin.js';
import { gitSync, testdir } from '../helpers/testdir.js';

const parameters = [
  { name: 'name', type: 'string', required: true },
  { name: 'description', type: 'string', default: 'A service' },
];

// 1.0.0 escapes the description; 1.1.0 writes it raw into package.json and a managed config.
const catalog = () =>
  catalogDir({
    raw: {
      '1.0.0': {
        manifest: { parameters, files: { managed: ['config.json'] } },
        files: {
          'package.json.hbs': '{ "name": "{{name}}", "description": {{json description}} }\n',
          'config.json.hbs': '{ "description": {{json description}} }\n',
        },
      },
      '1.1.0': {
        manifest: { parameters, files: { managed: ['config.json'] } },
        files: {
          'package.json.hbs': '{ "name": "{{name}}", "description": "{{description}}" }\n',
          'config.json.hbs': '{ "description": "{{description}}" }\n',
        },
      },
    },
  });

const create = (cwd: string, root: string, version: string, description: string) =>
  runBin(
    'create-service',
    ['svc', '-t', `raw@${version}`, '--catalog', root, '--set', 'name=svc', '--set'].concat(
      `description=${description}`,
      '-y',
      '--no-install',
    ),
    { cwd },
  );

describe('a render that does not parse is refused, and nothing is written', () => {
  it('create-service: exit 2 naming the file and the answers it uses', async () => {
    const [cwd, root] = await Promise.all([testdir(), catalog()]);
    const run = await create(cwd, root, '1.1.0', 'Say "hi"');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/2 files do not parse: config\.json, package\.json/);
    expect(run.stderr).toMatch(
      /package\.json: not JSON \(line 1\); uses the answers description, name/,
    );
    expect(existsSync(path.join(cwd, 'svc'))).toBe(false);

    const json = await runBin(
      'create-service',
      ['svc', '-t', 'raw@1.1.0', '--catalog', root, '--set', 'name=svc', '-y', '--json'].concat(
        '--set',
        'description=a "b"',
      ),
      { cwd },
    );
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'ANSWERS' });
    expect(await readFileNames(cwd)).toEqual([]);
  });

  it('upgrade: the new render must parse; the service is left as it was', async () => {
    const [cwd, root] = await Promise.all([testdir(), catalog()]);
    expect((await create(cwd, root, '1.0.0', 'Say "hi"')).exitCode).toBe(0);
    const dir = path.join(cwd, 'svc');
    const before = await readFile(path.join(dir, 'package.json'), 'utf8');
    const run = await runBin('platform', ['upgrade', '--catalog', root], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/config\.json: not JSON .*uses the answers description/);
    expect(await readFile(path.join(dir, 'package.json'), 'utf8')).toBe(before);
    expect(gitSync(dir, 'status', '--porcelain')).toBe('');
  });

  it('doctor --fix: a managed file that would not parse is not restored', async () => {
    const [cwd, root] = await Promise.all([testdir(), catalog()]);
    expect((await create(cwd, root, '1.1.0', 'plain')).exitCode).toBe(0);
    const dir = path.join(cwd, 'svc');
    // A recorded answer the current rules would refuse, e.g. set by hand in the state file.
    const stateFile = path.join(dir, '.platform/service.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    state.answers.description = 'Say "hi"';
    await writeFile(stateFile, JSON.stringify(state, null, 2));
    await rm(path.join(dir, 'config.json'));
    gitSync(dir, 'add', '--all');
    gitSync(dir, 'commit', '--quiet', '-m', 'edit');
    const run = await runBin('platform', ['doctor', '--fix', '--catalog', root], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /config\.json does not parse as JSON .*uses the answers description/,
    );
    expect(existsSync(path.join(dir, 'config.json'))).toBe(false);
  });
});

async function readFileNames(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(dir)).sort();
}
