import * as z from 'zod';
import * as semver from './semver.js';

import { OWNERS, type Owner } from './owners.js';

export { OWNERS, type Owner };

export const CATEGORIES = ['template', 'ci', 'observability', 'secrets', 'dependencies'] as const;
export const SEVERITIES = ['error', 'warning', 'info'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const isRegex = (source: string) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
};
const regex = z.string().refine(isRegex, 'must be a valid regular expression');

const parameterSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier usable as {{name}} in templates'),
    type: z.enum(['string', 'number', 'boolean', 'enum']),
    prompt: z.string().optional(),
    default: scalar.optional(),
    required: z.boolean().default(false),
    pattern: regex.optional(),
    choices: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    help: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (p.type === 'enum' && !p.choices) issue('choices', 'an enum parameter needs choices');
    if (p.type !== 'enum' && p.choices) issue('choices', 'only enum parameters take choices');
    if (p.pattern && p.type !== 'string') issue('pattern', 'only string parameters take a pattern');
    if (p.default === undefined) return;
    const expected = p.type === 'enum' ? null : p.type;
    if (expected && typeof p.default !== expected) issue('default', `must be a ${expected}`);
    if (p.choices && !p.choices.some((c) => String(c) === String(p.default)))
      issue('default', `must be one of the choices: ${p.choices.join(', ')}`);
    if (
      p.pattern &&
      isRegex(p.pattern) &&
      typeof p.default === 'string' &&
      !new RegExp(p.pattern).test(p.default)
    )
      issue('default', `does not match the pattern ${p.pattern}`);
  });
export type Parameter = z.infer<typeof parameterSchema>;

const globs = z.array(z.string().min(1));

const filesSchema = z
  .object({
    managed: globs.default([]),
    merged: globs.default([]),
    seeded: globs.default([]),
    when: z.record(z.string().min(1), z.record(z.string(), scalar)).default({}),
  })
  .strict();

const checkSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must look like category.name, e.g. ci.secret-scan'),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    message: z.string().min(1),
    fix: z.string().optional(),
    file: z.string().min(1),
    contains: regex.optional(),
    notContains: regex.optional(),
    exists: z.boolean().optional(),
    json: z
      .string()
      .regex(/^(\/.*)?$/, 'must be a JSON Pointer such as /engines/node')
      .optional(),
    yaml: z
      .string()
      .regex(/^(\/.*)?$/, 'must be a JSON Pointer such as /spec/data')
      .optional(),
    equals: z.unknown().optional(),
    satisfies: z
      .string()
      .refine((r) => semver.validRange(r) !== null, 'must be a semver range')
      .optional(),
    /** Like `files.when`: the check applies only when every listed answer is equal. */
    when: z.record(z.string(), scalar).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const pointer = c.json ?? c.yaml;
    const kinds = [c.contains, c.notContains, pointer].filter((k) => k !== undefined).length;
    if (c.json !== undefined && c.yaml !== undefined)
      ctx.addIssue({ code: 'custom', message: 'use either json or yaml, not both' });
    if (kinds > 1 || (kinds === 0 && c.exists === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'needs exactly one of contains, notContains, exists, json or yaml',
      });
    if (pointer === undefined && (c.equals !== undefined || c.satisfies !== undefined))
      ctx.addIssue({ code: 'custom', message: 'equals and satisfies need a json or yaml pointer' });
  });
export type TemplateCheck = z.infer<typeof checkSchema>;

const relativePath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '' || s === '.'),
    'must be a relative path inside the service, without ..',
  );
const pointerSchema = z.string().regex(/^\/.+/, 'must be a JSON Pointer such as /scripts/lint');

/** One declarative step run when upgrading to the version that lists it. */
const migrationSchema = z.union([
  z.object({ rename: z.object({ from: relativePath, to: relativePath }).strict() }).strict(),
  z.object({ delete: relativePath }).strict(),
  z
    .object({
      setKey: z.object({ file: relativePath, pointer: pointerSchema, value: z.unknown() }).strict(),
    })
    .strict(),
  z
    .object({ removeKey: z.object({ file: relativePath, pointer: pointerSchema }).strict() })
    .strict(),
]);
export type MigrationStep = z.infer<typeof migrationSchema>;

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+'),
    version: z.string().refine((v) => semver.valid(v) === v, 'must be a semver version like 1.2.0'),
    name: z.string().min(1),
    description: z.string().min(1),
    parameters: z.array(parameterSchema).default([]),
    files: filesSchema.default({ managed: [], merged: [], seeded: [], when: {} }),
    checks: z.array(checkSchema).default([]),
    /** Steps run, in order, when a service upgrades to this version from an older one. */
    migrations: z.array(migrationSchema).default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.parameters.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({ code: 'custom', path: ['parameters', i, 'name'], message: 'duplicate' });
      seen.add(p.name);
    });
    m.checks.forEach((c, i) => {
      for (const name of Object.keys(c.when ?? {}))
        if (!seen.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['checks', i, 'when', name],
            message: 'is not a declared parameter',
          });
    });
    for (const [glob, condition] of Object.entries(m.files.when))
      for (const name of Object.keys(condition))
        if (!seen.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['files', 'when', glob, name],
            message: 'is not a declared parameter',
          });
  });

/** A validated template.yaml, plus the order in which its ownership lists were written. */
export type Manifest = z.infer<typeof manifestSchema> & { ownerOrder: Owner[] };
