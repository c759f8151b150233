import * as z from '../zod-mini.js';
import { EVENT_NAMES } from '../telemetry/event-fields.js';
import { fromOtlpLogs } from '../telemetry/wire-format.js';

/** The fields insights reads from an event; events from older or newer CLIs still fit. */
const insightEventSchema = z.object({
  event: z.enum(EVENT_NAMES as [string, ...string[]]),
  time: z.iso.datetime({ offset: true }),
  projectId: z.nullish(z.string()),
  props: z.looseObject({
    command: z.string(),
    outcome: z.string(),
    durationMs: z.optional(z.number()),
    template: z.optional(z.string()),
    templateVersion: z.optional(z.string()),
    fromVersion: z.optional(z.string()),
    toVersion: z.optional(z.string()),
    findings: z.optional(z.record(z.string(), z.number())),
    waived: z.optional(z.array(z.string())),
  }),
});
export type InsightEvent = z.infer<typeof insightEventSchema>;

export interface ReadResult {
  events: InsightEvent[];
  /** Lines that were not JSON, and events that did not fit the schema. */
  skipped: number;
}

/**
 * Reads event JSONL: each line is one event, a batch `{"events":[…]}` as the sender posts it,
 * or an OTLP logs document as a collector's file exporter writes it. Bad lines are counted.
 */
export function readEvents(text: string): ReadResult {
  const result: ReadResult = { events: [], skipped: 0 };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      result.skipped++;
      continue;
    }
    const candidates = candidatesIn(value);
    if (candidates.length === 0) result.skipped++;
    for (const candidate of candidates) {
      const parsed = insightEventSchema.safeParse(candidate);
      if (parsed.success) result.events.push(parsed.data);
      else result.skipped++;
    }
  }
  return result;
}

function candidatesIn(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  if ('resourceLogs' in value) return fromOtlpLogs(value);
  if ('events' in value && Array.isArray(value.events)) return value.events as unknown[];
  return [value];
}
