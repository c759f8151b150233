import * as z from 'zod';
import { OUTCOMES, TRACKED_COMMANDS, type TrackedCommand } from './tracked-commands.js';

export { OUTCOMES, TRACKED_COMMANDS, eventNameFor } from './tracked-commands.js';
export type { Outcome, TrackedCommand } from './tracked-commands.js';

/**
 * The fixed list of usage events, one zod schema each. These schemas are the allowlist: a field
 * that is not declared here, or whose value does not match, is never recorded or sent.
 */
export const EVENT_SCHEMA_VERSION = 1;

export const CATALOG_KINDS = ['builtin', 'dir', 'git', 'npm'] as const;
export const CI_VENDORS = [
  'github-actions',
  'gitlab',
  'circleci',
  'buildkite',
  'jenkins',
  'azure-pipelines',
  'bitbucket',
  'travis',
  'teamcity',
] as const;

// Identifiers are shapes, not free text: a name or a path cannot match them by accident.
// Every schema is built on first use, and only for the event being recorded: zod schemas cost
// start-up time, and usage events must not slow a command down.
const templateId = () => z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const version = () =>
  z
    .string()
    .max(64)
    .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
const ruleId = () =>
  z
    .string()
    .max(100)
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
const count = () => z.number().int().min(0).max(1_000_000);
const uuid = () =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const commonProps = () => ({
  command: z.enum(TRACKED_COMMANDS),
  outcome: z.enum(OUTCOMES),
  durationMs: count().max(86_400_000),
});
const templateProps = () => ({
  template: templateId().optional(),
  templateVersion: version().optional(),
  catalogKind: z.enum(CATALOG_KINDS).optional(),
});
const findingsProps = () => ({
  /** Rule id to the number of unsuppressed findings. */
  findings: z.record(ruleId(), count()).optional(),
  /** Rule ids with a waiver in effect. */
  waived: z.array(ruleId()).max(200).optional(),
});

const PROPS_BUILDERS = {
  create: () => z.object({ ...commonProps(), ...templateProps() }),
  check: () => z.object({ ...commonProps(), ...templateProps(), ...findingsProps() }),
  upgrade: () =>
    z.object({
      ...commonProps(),
      template: templateId().optional(),
      catalogKind: z.enum(CATALOG_KINDS).optional(),
      fromVersion: version().optional(),
      toVersion: version().optional(),
      conflicts: count().optional(),
    }),
  adopt: () => z.object({ ...commonProps(), ...templateProps(), ...findingsProps() }),
  error: () => z.object({ ...commonProps(), errorCode: z.string().regex(/^[A-Z][A-Z_]{0,39}$/) }),
} as const;

type PropsSchemas = { [K in EventName]: ReturnType<(typeof PROPS_BUILDERS)[K]> };

export type EventName = keyof typeof PROPS_BUILDERS;
export const EVENT_NAMES = Object.keys(PROPS_BUILDERS) as EventName[];

const propsSchemas: Partial<PropsSchemas> = {};

/** The props an event may carry, as a zod object: the allowlist for that event. */
export function propsSchema<K extends EventName>(name: K): PropsSchemas[K] {
  return (propsSchemas[name] ??= PROPS_BUILDERS[name]() as PropsSchemas[K]);
}

/** Everything a command may hand over; each event keeps only the fields its schema declares. */
export type EventProps = Partial<
  z.input<PropsSchemas['check']> & z.input<PropsSchemas['upgrade']> & z.input<PropsSchemas['error']>
>;

const envelope = () => ({
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  time: z.iso.datetime(),
  anonymousId: uuid(),
  /** Salted sha256 of the normalized git remote, 32 hex characters, or null without a remote. */
  projectId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .nullable(),
  sessionId: uuid(),
  cli: z.strictObject({ version: version() }),
  env: z.strictObject({
    node: version(),
    os: z.enum(['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix', 'other']),
    osVersion: z.string().regex(/^\d+(\.\d+){0,2}$/),
    arch: z.string().regex(/^[a-z0-9_]{1,16}$/),
    ci: z.boolean(),
    ciVendor: z.enum(CI_VENDORS).nullable(),
  }),
});

const eventSchemas = new Map<EventName, z.ZodType>();

/** One strict schema per event: the full envelope plus that event's props. Built on first use. */
export function eventSchema<K extends EventName>(name: K): z.ZodType<UsageEvent & { event: K }> {
  let schema = eventSchemas.get(name);
  if (!schema) {
    schema = z.strictObject({
      event: z.literal(name),
      ...envelope(),
      props: propsSchema(name).strict(),
    });
    eventSchemas.set(name, schema);
  }
  return schema as z.ZodType<UsageEvent & { event: K }>;
}

export type UsageEvent = {
  event: EventName;
  schemaVersion: typeof EVENT_SCHEMA_VERSION;
  time: string;
  anonymousId: string;
  projectId: string | null;
  sessionId: string;
  cli: { version: string };
  env: {
    node: string;
    os: string;
    osVersion: string;
    arch: string;
    ci: boolean;
    ciVendor: string | null;
  };
  props: EventProps & { command: TrackedCommand; outcome: string; durationMs: number };
};
