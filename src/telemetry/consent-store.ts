import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { xdgPaths } from '../xdg-paths.js';
import { makeDir } from '../make-dir.js';

/** Bump when what is collected changes: everyone is asked again. */
export const CONSENT_VERSION = 1;

/** The stored answer. Checked by hand: this is read on every run, before zod is needed. */
export interface ConsentRecord {
  consentVersion: number;
  enabled: boolean;
  decidedAt: string;
  /** Random, created on opt-in, deleted on opt-out. */
  anonymousId?: string;
  /** Local salt for project ids; never sent. */
  projectSalt?: string;
}

function asConsent(value: unknown): ConsentRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const optional = (key: string) => v[key] === undefined || typeof v[key] === 'string';
  const valid =
    typeof v.consentVersion === 'number' &&
    typeof v.enabled === 'boolean' &&
    typeof v.decidedAt === 'string' &&
    optional('anonymousId') &&
    optional('projectSalt');
  return valid ? (v as unknown as ConsentRecord) : null;
}

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
    const record = asConsent(JSON.parse(text));
    return record?.consentVersion === CONSENT_VERSION ? record : null;
  } catch {
    return null;
  }
}

/** Stores an answer. Opting in creates fresh ids; opting out forgets them. */
export function writeConsent(env: NodeJS.ProcessEnv, enabled: boolean, now = new Date()) {
  // Loaded here, not at the top: reading the answer happens on every run, and loading
  // node:crypto costs a command several milliseconds.
  const { randomBytes, randomUUID } = process.getBuiltinModule('node:crypto');
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
  makeDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return record;
}
