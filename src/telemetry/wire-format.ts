/**
 * The two wire formats: a JSON batch `{"events":[…]}` (the default), and OTLP/HTTP JSON logs so
 * an OpenTelemetry Collector can receive the events. `platform insights` reads both back.
 */
export type WireFormat = 'json' | 'otlp';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The body to POST for a batch of spooled events (each already a JSON object). */
export function encodeBatch(events: Record<string, unknown>[], format: WireFormat): string {
  return JSON.stringify(format === 'otlp' ? toOtlpLogs(events) : { events });
}

/** OTLP AnyValue, as in opentelemetry-proto's common.proto, JSON-encoded. */
export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };
export interface KeyValue {
  key: string;
  value: AnyValue;
}

function toAnyValue(value: unknown): AnyValue | undefined {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value))
    return { arrayValue: { values: value.flatMap((v) => toAnyValue(v) ?? []) } };
  if (typeof value === 'object' && value !== null)
    return { kvlistValue: { values: toKeyValues(value as Record<string, unknown>) } };
  return undefined; // null: the attribute is left out, as OTLP has no null.
}

function toKeyValues(object: Record<string, unknown>): KeyValue[] {
  return Object.entries(object).flatMap(([key, v]) => {
    const value = toAnyValue(v);
    return value ? [{ key, value }] : [];
  });
}

/** One OTLP log record per event: its fields as attributes, its name as the body. */
export function toOtlpLogs(events: Record<string, unknown>[]) {
  const first = events[0] as { cli?: { version?: string } } | undefined;
  return {
    resourceLogs: [
      {
        resource: {
          attributes: toKeyValues({
            'service.name': 'create-service',
            'service.version': first?.cli?.version ?? 'unknown',
          }),
        },
        scopeLogs: [
          {
            scope: { name: 'create-service.usage-events', version: '1' },
            logRecords: events.map((event) => {
              const nanos = `${Date.parse(String(event.time)) || Date.now()}000000`;
              return {
                timeUnixNano: nanos,
                observedTimeUnixNano: nanos,
                severityNumber: 9,
                severityText: 'INFO',
                body: { stringValue: String(event.event) },
                attributes: toKeyValues(event),
              };
            }),
          },
        ],
      },
    ],
  };
}

function fromAnyValue(value: unknown): Json {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if ('stringValue' in v) return String(v.stringValue);
  if ('boolValue' in v) return Boolean(v.boolValue);
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v)
    return ((v.arrayValue as { values?: unknown[] }).values ?? []).map(fromAnyValue);
  if ('kvlistValue' in v) return fromKeyValues((v.kvlistValue as { values?: unknown[] }).values);
  return null;
}

function fromKeyValues(values: unknown): { [key: string]: Json } {
  const object: { [key: string]: Json } = {};
  for (const kv of Array.isArray(values) ? values : []) {
    const { key, value } = kv as { key?: unknown; value?: unknown };
    if (typeof key === 'string') object[key] = fromAnyValue(value);
  }
  return object;
}

/** The events inside an OTLP logs document, as written by our sender or a collector. */
export function fromOtlpLogs(document: unknown): Record<string, Json>[] {
  const events: Record<string, Json>[] = [];
  const resourceLogs = (document as { resourceLogs?: unknown }).resourceLogs;
  for (const resource of Array.isArray(resourceLogs) ? resourceLogs : []) {
    const scopeLogs = (resource as { scopeLogs?: unknown }).scopeLogs;
    for (const scope of Array.isArray(scopeLogs) ? scopeLogs : []) {
      const records = (scope as { logRecords?: unknown }).logRecords;
      for (const record of Array.isArray(records) ? records : []) {
        const event = fromKeyValues((record as { attributes?: unknown }).attributes);
        if (typeof event.event === 'string') events.push({ projectId: null, ...event });
      }
    }
  }
  return events;
}
