import * as z from 'zod';
import { eventRule, type EventName, type UsageEvent } from './event-fields.js';
import type { FieldRule } from './field-rules.js';

/**
 * One zod schema per usage event, built from the allowlist in `event-fields.ts`. The recording
 * path checks events against the rules themselves and never loads these; they document the
 * events and let tests check what reached a server against an independent reader.
 */
export function eventSchema<K extends EventName>(name: K): z.ZodType<UsageEvent & { event: K }> {
  return toZodSchema(eventRule(name)) as z.ZodType<UsageEvent & { event: K }>;
}

function toZodSchema(rule: FieldRule): z.ZodType {
  switch (rule.type) {
    case 'string': {
      const schema = z.string().regex(rule.pattern);
      return rule.max === undefined ? schema : schema.max(rule.max);
    }
    case 'enum':
      return z.enum(rule.values);
    case 'literal':
      return z.literal(rule.value);
    case 'integer':
      return z.number().int().min(rule.min).max(rule.max);
    case 'boolean':
      return z.boolean();
    case 'nullable':
      return toZodSchema(rule.of).nullable();
    case 'record':
      return z.record(toZodSchema(rule.key) as z.ZodString, toZodSchema(rule.value));
    case 'array':
      return z.array(toZodSchema(rule.of)).max(rule.max);
    case 'object':
      return z.strictObject(
        Object.fromEntries(
          Object.entries(rule.fields).map(([key, field]) => {
            const schema = toZodSchema(field);
            return [key, field.optional ? schema.optional() : schema];
          }),
        ),
      );
  }
}
