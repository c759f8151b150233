import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { detectCi } from '../ci-environment.js';
import {
  CI_VENDORS,
  EVENT_PROPS,
  EVENT_SCHEMA_VERSION,
  eventRule,
  type EventName,
  type EventProps,
  type UsageEvent,
} from './event-fields.js';
import { fits, keepFitting } from './field-rules.js';

/** Who and where an event comes from; the same for every event of one run. */
export interface EventContext {
  anonymousId: string;
  projectId: string | null;
  sessionId: string;
  cliVersion: string;
  env: NodeJS.ProcessEnv;
  now?: Date;
}

/** One id per CLI process, so a platform team can group the events of one run. */
export const SESSION_ID = randomUUID();

/**
 * Builds one event from whatever props a command handed over. Fields the event does not declare,
 * or whose value does not fit, are dropped one by one; the whole event is then checked against
 * its rules, so nothing outside the allowlist can be returned. Throws when a required field is
 * missing.
 */
export function buildEvent(name: EventName, props: EventProps, context: EventContext): UsageEvent {
  const ci = detectCi(context.env);
  const event = {
    event: name,
    schemaVersion: EVENT_SCHEMA_VERSION,
    time: (context.now ?? new Date()).toISOString(),
    anonymousId: context.anonymousId,
    projectId: context.projectId,
    sessionId: context.sessionId,
    cli: { version: context.cliVersion },
    env: {
      node: process.versions.node,
      os: knownPlatform(process.platform),
      osVersion: /^\d+(\.\d+){0,2}/.exec(os.release())?.[0] ?? '0',
      arch: process.arch,
      ci: ci.ci,
      ciVendor: (CI_VENDORS as readonly string[]).includes(ci.vendor ?? '') ? ci.vendor : null,
    },
    props: keepFitting(EVENT_PROPS[name], props as Record<string, unknown>),
  };
  if (!fits(eventRule(name), event)) throw new Error(`The ${name} event does not fit its fields.`);
  return event as unknown as UsageEvent; // it fits the rules checked just above
}

function knownPlatform(platform: string): string {
  return ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix'].includes(platform)
    ? platform
    : 'other';
}
