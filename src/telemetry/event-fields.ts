import type { FieldRule, Fields } from './field-rules.js';
import {
  OUTCOMES,
  TRACKED_COMMANDS,
  type Outcome,
  type TrackedCommand,
} from './tracked-commands.js';

/**
 * The fixed list of usage events and the fields each may carry. This table is the allowlist: a
 * field that is not declared here, or whose value does not fit its rule, is never recorded or
 * sent. `event-schemas.ts` builds one zod schema per event from it.
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
const templateId: FieldRule = { type: 'string', pattern: /^[a-z0-9][a-z0-9-]{0,63}$/ };
const version: FieldRule = {
  type: 'string',
  max: 64,
  pattern: /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/,
};
const ruleId: FieldRule & { type: 'string' } = {
  type: 'string',
  max: 100,
  pattern: /^[a-z0-9-]+(\.[a-z0-9-]+)+$/,
};
const count = (max = 1_000_000): FieldRule => ({ type: 'integer', min: 0, max });
const uuid: FieldRule = {
  type: 'string',
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};
const optional = <R extends FieldRule>(rule: R) => ({ ...rule, optional: true });

const commonProps: Fields = {
  command: { type: 'enum', values: TRACKED_COMMANDS },
  outcome: { type: 'enum', values: OUTCOMES },
  durationMs: count(86_400_000),
};
const catalogKind = optional({ type: 'enum', values: CATALOG_KINDS });
const templateProps: Fields = {
  template: optional(templateId),
  templateVersion: optional(version),
  catalogKind,
};
const findingsProps: Fields = {
  /** Rule id to the number of unsuppressed findings. */
  findings: optional({ type: 'record', key: ruleId, value: count() }),
  /** Rule ids with a waiver in effect. */
  waived: optional({ type: 'array', of: ruleId, max: 200 }),
};

/** Each event's props: the allowlist for that event. */
export const EVENT_PROPS = {
  create: { ...commonProps, ...templateProps },
  check: { ...commonProps, ...templateProps, ...findingsProps },
  upgrade: {
    ...commonProps,
    template: optional(templateId),
    catalogKind,
    fromVersion: optional(version),
    toVersion: optional(version),
    conflicts: optional(count()),
  },
  adopt: { ...commonProps, ...templateProps, ...findingsProps },
  error: { ...commonProps, errorCode: { type: 'string', pattern: /^[A-Z][A-Z_]{0,39}$/ } },
} as const satisfies Record<string, Fields>;

export type EventName = keyof typeof EVENT_PROPS;
export const EVENT_NAMES = Object.keys(EVENT_PROPS) as EventName[];

/** What every event carries besides its props. */
export const ENVELOPE: Fields = {
  schemaVersion: { type: 'literal', value: EVENT_SCHEMA_VERSION },
  time: { type: 'string', pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/ },
  anonymousId: uuid,
  /** The state file's projectId (a UUID), else a salted sha256 of the git remote (32 hex), or null. */
  projectId: {
    type: 'nullable',
    of: {
      type: 'string',
      pattern: /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    },
  },
  sessionId: uuid,
  cli: { type: 'object', fields: { version } },
  env: {
    type: 'object',
    fields: {
      node: version,
      os: {
        type: 'enum',
        values: ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix', 'other'],
      },
      osVersion: { type: 'string', pattern: /^\d+(\.\d+){0,2}$/ },
      arch: { type: 'string', pattern: /^[a-z0-9_]{1,16}$/ },
      ci: { type: 'boolean' },
      ciVendor: { type: 'nullable', of: { type: 'enum', values: CI_VENDORS } },
    },
  },
};

/** One event as a whole: its name, the envelope, and that event's props. Objects are strict. */
export function eventRule(name: EventName): FieldRule {
  return {
    type: 'object',
    fields: {
      event: { type: 'literal', value: name },
      ...ENVELOPE,
      props: { type: 'object', fields: EVENT_PROPS[name] },
    },
  };
}

/** Everything a command may hand over; each event keeps only the fields it declares. */
export interface EventProps {
  command?: TrackedCommand;
  outcome?: Outcome;
  durationMs?: number;
  template?: string;
  templateVersion?: string;
  catalogKind?: (typeof CATALOG_KINDS)[number];
  findings?: Record<string, number>;
  waived?: string[];
  fromVersion?: string;
  toVersion?: string;
  conflicts?: number;
  errorCode?: string;
}

export interface UsageEvent {
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
  props: EventProps & { command: TrackedCommand; outcome: Outcome; durationMs: number };
}
