import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/adapters/prompter.js';
import { collectAnswers, parseSetFlags } from '../../src/answers/collect-answers.js';
import { parseManifest } from '../../src/catalog/load-manifest.js';

const HEADER = `schemaVersion: 1
id: demo
version: 1.0.0
name: Demo
description: d
`;

const { parameters } = await parseManifest(
  `${HEADER}parameters:
  - { name: name, type: string, required: true, pattern: "^[a-z][a-z0-9-]+$", help: lower-case }
  - { name: port, type: number, default: 8080 }
  - { name: metrics, type: boolean, default: false }
  - { name: database, type: enum, choices: [none, postgres], default: none }
  - { name: owner, type: string, required: true }
`,
  't',
);

/** Answers prompts from a script, and records what was asked. */
function scripted(replies: Record<string, string | boolean>) {
  const asked: string[] = [];
  const helps: Record<string, string> = {};
  const reply = (message: string, help?: string) => {
    asked.push(message);
    if (help !== undefined) helps[message] = help;
    const key = Object.keys(replies).find((k) => message.startsWith(k));
    if (key === undefined) throw new Error(`unexpected prompt ${message}`);
    return replies[key]!;
  };
  const prompter: Prompter = {
    select: async ({ message }) => String(reply(message)),
    input: async ({ message, help, validate }) => {
      const value = String(reply(message, help));
      const verdict = validate?.(value);
      if (verdict !== true && verdict !== undefined) throw new Error(`rejected: ${verdict}`);
      return value;
    },
    confirm: async ({ message }) => Boolean(reply(message)),
  };
  return { prompter, asked, helps };
}

describe('collectAnswers', () => {
  it('coerces and validates --set values, and fills defaults without prompting', async () => {
    const answers = await collectAnswers(parameters, {
      set: { name: 'orders', port: '9000', metrics: 'yes', owner: 'team-a' },
    });
    expect(answers).toEqual({
      name: 'orders',
      port: 9000,
      metrics: true,
      database: 'none',
      owner: 'team-a',
    });
  });

  it('lets --set override the answers file', async () => {
    const answers = await collectAnswers(parameters, {
      file: { name: 'a-file', owner: 'x', port: 1 },
      set: { name: 'from-set' },
    });
    expect(answers).toMatchObject({ name: 'from-set', port: 1 });
  });

  it('names every invalid answer at once', async () => {
    const error = await collectAnswers(parameters, {
      set: { name: 'Bad Name', port: 'eighty', database: 'mysql', owner: 'x' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ANSWERS', message: '3 answer(s) are invalid' });
    expect((error as { details: string[] }).details).toEqual([
      'name: must match ^[a-z][a-z0-9-]+$ (lower-case) (got "Bad Name")',
      'port: must be a number (got "eighty")',
      'database: must be one of: none, postgres (got "mysql")',
    ]);
  });

  it('names every missing required answer and the flag that sets it', async () => {
    const error = await collectAnswers(parameters, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: 'Missing required answer(s): name, owner',
      hint: 'Pass --set name=<string> --set owner=<string>, or put them in an --answers file.',
    });
  });

  it('rejects unknown parameters, listing the real ones', async () => {
    await expect(collectAnswers(parameters, { set: { nmae: 'x' } })).rejects.toMatchObject({
      message: 'Unknown parameter(s): nmae',
      hint: "This template's parameters are: name, port, metrics, database, owner.",
    });
  });

  it('prompts for what is not given, by type, with inline validation', async () => {
    const { prompter, asked, helps } = scripted({
      name: 'orders',
      port: '8081',
      metrics: true,
      database: 'postgres',
    });
    const answers = await collectAnswers(parameters, { prompter, set: { owner: 'team-a' } });
    expect(answers).toEqual({
      name: 'orders',
      port: 8081,
      metrics: true,
      database: 'postgres',
      owner: 'team-a',
    });
    expect(asked).toEqual(['name', 'port', 'metrics', 'database']);
    // The help travels apart from the message, so a terminal can show it apart from the default.
    expect(helps).toEqual({ name: 'lower-case' });
    const bad = scripted({ name: 'Not Valid', owner: 'x' });
    await expect(collectAnswers(parameters, { prompter: bad.prompter })).rejects.toThrow(
      /rejected: name must match/,
    );
  });

  it('uses a suggested default (the directory name) only when it is a valid answer', async () => {
    const set = { owner: 'team-a' };
    const good = await collectAnswers(parameters, { set, suggested: { name: 'from-dir' } });
    expect(good.name).toBe('from-dir');
    await expect(
      collectAnswers(parameters, { set, suggested: { name: 'From Dir' } }),
    ).rejects.toMatchObject({ message: 'Missing required answer(s): name' });
  });

  it('splits --set flags and refuses one without =', () => {
    expect(parseSetFlags(['a=1', 'b=x=y', 'c='])).toEqual({ a: '1', b: 'x=y', c: '' });
    expect(() => parseSetFlags(['novalue'])).toThrow(/--set novalue: expected key=value/);
    expect(() => parseSetFlags(['=x'])).toThrow(/expected key=value/);
  });

  it('shows patternMessage instead of the regex, and names the bound a number breaks', async () => {
    const bounded = (
      await parseManifest(
        `${HEADER}parameters:
  - name: name
    type: string
    pattern: "^[a-z]{3,}$"
    patternMessage: must be at least 3 lower-case letters
  - { name: port, type: number, integer: true, min: 1, max: 65535 }
`,
        't',
      )
    ).parameters;
    const details = async (set: Record<string, string>) =>
      ((await collectAnswers(bounded, { set }).catch((e: unknown) => e)) as { details: string[] })
        .details;
    expect(await details({ name: 'ab', port: '70000' })).toEqual([
      'name: must be at least 3 lower-case letters (got "ab")',
      'port: must be at most 65535 (got "70000")',
    ]);
    expect(await details({ port: '0' })).toEqual(['port: must be at least 1 (got "0")']);
    expect(await details({ port: '-1' })).toEqual(['port: must be at least 1 (got "-1")']);
    expect(await details({ port: '8080.5' })).toEqual([
      'port: must be a whole number (got "8080.5")',
    ]);
    expect(await collectAnswers(bounded, { set: { name: 'abc', port: '65535' } })).toEqual({
      name: 'abc',
      port: 65535,
    });
  });

  it('checks the types of answers from a file, not only text from --set', async () => {
    const details = async (file: Record<string, unknown>) =>
      (
        (await collectAnswers(parameters, { file: { owner: 'o', ...file } }).catch(
          (e: unknown) => e,
        )) as { details: string[] }
      ).details;
    expect(await details({ name: 7, port: Infinity, metrics: 'maybe', database: true })).toEqual([
      'name: must be a string (got 7)',
      'port: must be a number (got null)',
      'metrics: must be true or false (got "maybe")',
      'database: must be one of: none, postgres (got true)',
    ]);
    expect(
      await collectAnswers(parameters, {
        file: { name: 'ok', owner: 'o', port: 1, metrics: 'yes', database: 'postgres' },
      }),
    ).toEqual({ name: 'ok', owner: 'o', port: 1, metrics: true, database: 'postgres' });
  });
});
