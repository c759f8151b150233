import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { xdgPaths } from '../xdg-paths.js';

/** Bump when what is collected changes: everyone is asked again. */
export const CONSENT_VERSION = 1;

const consentSchema = z.object({
  consentVersion: z.number().int(),
  enabled: z.boolean(),
  decidedAt: z.string(),
  /** Random, created on opt-in, deleted on opt-out. */
  anonymousId: z.string().optional(),
  /** Local salt for project ids; never sent. */
  projectSalt: z.string().optional(),
});
export type ConsentRecord = z.infer<typeof consentSchema>;

/** `$XDG_CONFIG_HOME/platform/telemetry.json`: the user's answer and their anonymous ids. */
export function consentFile(env: NodeJS.ProcessEnv): string {
  return path.join(xdgPaths(env).config, 'telemetry.json');
}

/** The stored answer to the current consent version; null when missing, unreadable or older. */
export function readConsent(env: NodeJS.ProcessEnv): ConsentRecord | null {
  let text: string;
  try {
    text = readFileSync(consentFile(env), 'utf8');
  } catch {
    return null;
  }
  try {
    const result = consentSchema.safeParse(JSON.parse(text));
    return result.success && result.data.consentVersion === CONSENT_VERSION ? result.data : null;
  } catch {
    return null;
  }
}

/** Stores an answer. Opting in creates fresh ids; opting out forgets them. */
export function writeConsent(env: NodeJS.ProcessEnv, enabled: boolean, now = new Date()) {
  const previous = readConsent(env);
  const record: ConsentRecord = {
    consentVersion: CONSENT_VERSION,
    enabled,
    decidedAt: now.toISOString(),
    ...(enabled && {
      anonymousId: previous?.anonymousId ?? randomUUID(),
      projectSalt: previous?.projectSalt ?? randomBytes(32).toString('hex'),
    }),
  };
  const file = consentFile(env);
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return record;
}
