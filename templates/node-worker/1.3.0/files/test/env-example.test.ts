import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';

describe('.env.example', () => {
  const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const listed = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

  it('lists every variable the config reads', () => {
    expect(listed).toEqual(expect.arrayContaining(Object.keys(configSchema.shape)));
  });

  it('holds a configuration the service accepts', () => {
    const values = Object.fromEntries(
      [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.+)$/gm)].map(
        (match): [string, string] => [match[1] ?? '', match[2] ?? ''],
      ),
    );
    expect(configSchema.safeParse(values).success).toBe(true);
  });
});
