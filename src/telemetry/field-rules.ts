/**
 * The shape of one allowed event field, as plain data. The recording path checks values against
 * these rules directly (a few regex tests, no schema to build); `event-schemas.ts` turns the
 * same rules into the zod schemas that document and test the events. One description, two
 * readers.
 */
export type FieldRule =
  | { type: 'string'; pattern: RegExp; max?: number }
  | { type: 'enum'; values: readonly [string, ...string[]] }
  | { type: 'literal'; value: string | number }
  | { type: 'integer'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'nullable'; of: FieldRule }
  | { type: 'record'; key: FieldRule & { type: 'string' }; value: FieldRule }
  | { type: 'array'; of: FieldRule; max: number }
  | { type: 'object'; fields: Fields };

/** Field name to rule; an optional field may be left out, nothing else may be added. */
export type Fields = Record<string, FieldRule & { optional?: boolean }>;

/** Whether a value satisfies a rule, extra object keys included (objects are strict). */
export function fits(rule: FieldRule, value: unknown): boolean {
  switch (rule.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        (rule.max === undefined || value.length <= rule.max) &&
        rule.pattern.test(value)
      );
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value);
    case 'literal':
      return value === rule.value;
    case 'integer':
      return (
        Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'nullable':
      return value === null || fits(rule.of, value);
    case 'record':
      return (
        isPlainObject(value) &&
        Object.entries(value).every(([k, v]) => fits(rule.key, k) && fits(rule.value, v))
      );
    case 'array':
      return (
        Array.isArray(value) && value.length <= rule.max && value.every((v) => fits(rule.of, v))
      );
    case 'object':
      return isPlainObject(value) && fitsFields(rule.fields, value);
  }
}

function fitsFields(fields: Fields, value: Record<string, unknown>): boolean {
  for (const key of Object.keys(value)) if (!Object.hasOwn(fields, key)) return false;
  return Object.entries(fields).every(([key, rule]) =>
    value[key] === undefined ? rule.optional === true : fits(rule, value[key]),
  );
}

/**
 * What of `value` fits `fields`, field by field: an undeclared field or a value that does not fit
 * is dropped alone, and a map or list loses only its entries that do not fit.
 */
export function keepFitting(
  fields: Fields,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(fields)) {
    const cleaned = keepEntries(rule, value[key]);
    if (cleaned !== undefined && fits(rule, cleaned)) kept[key] = cleaned;
  }
  return kept;
}

function keepEntries(rule: FieldRule, value: unknown): unknown {
  if (rule.type === 'record' && isPlainObject(value))
    return Object.fromEntries(
      Object.entries(value).filter(([k, v]) => fits(rule.key, k) && fits(rule.value, v)),
    );
  if (rule.type === 'array' && Array.isArray(value))
    return [...new Set<unknown>(value)].filter((v) => fits(rule.of, v));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
