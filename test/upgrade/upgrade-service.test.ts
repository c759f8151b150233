import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/adapters/prompter.js';
import { upgradeService } from '../../src/upgrade/upgrade-service.js';
import { templateRepo, type TemplateRepo } from '../helpers/template-repo.js';
import { gitSync } from '../helpers/testdir.js';
import { read, scaffold, status, trustingEnv } from './upgrade-helpers.js';

let repo: TemplateRepo;
beforeAll(async () => {
  repo = await templateRepo({
    versions: {
      '1.0.0': { files: { 'README.md.hbs': '# {{name}}\n' } },
      '1.1.0': {
        manifest: {
          parameters: [
            { name: 'name', type: 'string', required: true },
            { name: 'team', type: 'string', required: true, prompt: 'Owning team' },
          ],
        },
        files: { 'README.md.hbs': '# {{name}}\n\nOwned by {{team}}.\n', 'docs/guide.md': 'g\n' },
      },
    },
  });
});

/** Answers prompts from a script, and records what was asked. */
function scriptedPrompter(answers: Record<string, string>, asked: string[]): Prompter {
  return {
    input: ({ message }) => {
      asked.push(message);
      const answer = answers[message];
      if (answer === undefined) throw new Error(`unexpected prompt: ${message}`);
      return Promise.resolve(answer);
    },
    select: () => Promise.reject(new Error('no select expected')),
    confirm: () => Promise.reject(new Error('no confirm expected')),
  };
}

describe('upgradeService', () => {
  it('prompts only for the parameters the new version adds', async () => {
    const dir = await scaffold(repo, '1.0.0');
    const asked: string[] = [];
    const result = await upgradeService({
      dir,
      cliVersion: '0.0.0-test',
      env: await trustingEnv(dir),
      prompter: scriptedPrompter({ 'Owning team': 'payments' }, asked),
    });
    expect(asked).toEqual(['Owning team']);
    expect(result.kind).toBe('upgrade');
    expect(await read(dir, 'README.md')).toBe('# orders\n\nOwned by payments.\n');
  });

  it('refuses, before writing, a path the service holds as a folder', async () => {
    const dir = await scaffold(repo, '1.0.0');
    await mkdir(path.join(dir, 'docs/guide.md'), { recursive: true });
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(path.join(dir, 'docs/guide.md/notes.txt'), 'ours'),
    );
    gitSync(dir, 'add', '--all');
    gitSync(dir, 'commit', '--quiet', '-m', 'a folder where the template wants a file');
    await expect(
      upgradeService({
        dir,
        cliVersion: '0.0.0-test',
        env: await trustingEnv(dir),
        set: ['team=x'],
      }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION',
      details: ['docs/guide.md is a folder in the service'],
    });
    expect(status(dir)).toBe('');
    expect(await read(dir, 'README.md')).toBe('# orders\n');
  });
});
