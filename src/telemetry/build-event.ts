import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type * as z from 'zod';
import { detectCi } from '../ci-environment.js';
import {
  CI_VENDORS,
  EVENT_SCHEMA_VERSION,
  eventSchema,
  propsSchema,
  type EventName,
  type EventProps,
  type UsageEvent,
} from './event-schemas.js';

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
 * Builds one event from whatever props a command handed over. Fields the event's schema does not
 * declare, or whose value does not fit it, are dropped one by one; the whole event is then
 * checked against its strict schema, so nothing outside the allowlist can be returned.
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
    props: keepAllowedProps(propsSchema(name), props),
  };
  return eventSchema(name).parse(event);
}

function keepAllowedProps(schema: z.ZodObject, props: EventProps): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = (props as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const cleaned =
      key === 'findings' ? keepRuleCounts(value) : key === 'waived' ? keepRuleIds(value) : value;
    const result = (field as z.ZodType).safeParse(cleaned);
    if (result.success) kept[key] = result.data;
  }
  return kept;
}

// One odd rule id must not drop the whole findings map.
function keepRuleCounts(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const findings = propsSchema('check').shape.findings;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      ([rule, n]) => findings.safeParse({ [rule]: n }).success,
    ),
  );
}

function keepRuleIds(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const waived = propsSchema('check').shape.waived;
  return [...new Set<unknown>(value as unknown[])].filter(
    (rule) => waived.safeParse([rule]).success,
  );
}

function knownPlatform(platform: string): string {
  return ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix'].includes(platform)
    ? platform
    : 'other';
}
