import * as z from '../zod-mini.js';
import * as semver from './semver.js';
import { answerTooLong, compileRegex, regexProblem } from '../untrusted-regex.js';

import { numberProblem } from './number-bounds.js';
import { OWNERS, type Owner } from './owners.js';

export { OWNERS, type Owner };

export const CATEGORIES = ['template', 'ci', 'observability', 'secrets', 'dependencies'] as const;
export const SEVERITIES = ['error', 'warning', 'info'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

// Bounded by construction: RE2 syntax or refused here, with the reason (untrusted-regex.ts).
const regex = z.string().check(
  z.superRefine((source, ctx) => {
    const problem = regexProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

const parameterSchema = z
  .strictObject({
    name: z.string().check(
      z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier usable as {{name}} in templates'),
      z.refine((name) => name !== '__proto__', 'must not be __proto__'),
    ),
    type: z.enum(['string', 'number', 'boolean', 'enum']),
    prompt: z.optional(z.string()),
    default: z.optional(scalar),
    required: z._default(z.boolean(), false),
    pattern: z.optional(regex),
    /** The sentence shown instead of the raw pattern when an answer fails it. */
    patternMessage: z.optional(z.string().check(z.minLength(1))),
    choices: z.optional(z.array(z.union([z.string(), z.number()])).check(z.minLength(1))),
    help: z.optional(z.string()),
    min: z.optional(z.number()),
    max: z.optional(z.number()),
    integer: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((p, ctx) => {
      const issue = (path: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [path], message });
      if (p.type === 'enum' && !p.choices) issue('choices', 'an enum parameter needs choices');
      if (p.type !== 'enum' && p.choices) issue('choices', 'only enum parameters take choices');
      if (p.pattern && p.type !== 'string')
        issue('pattern', 'only string parameters take a pattern');
      if (p.patternMessage !== undefined && !p.pattern)
        issue('patternMessage', 'needs a pattern to describe');
      for (const key of ['min', 'max', 'integer'] as const)
        if (p[key] !== undefined && p.type !== 'number')
          issue(key, 'only number parameters take min, max and integer');
      if (p.min !== undefined && p.max !== undefined && p.min > p.max)
        issue('max', `must not be below min (${p.min})`);
      if (p.default === undefined) return;
      const expected = p.type === 'enum' ? null : p.type;
      if (expected && typeof p.default !== expected) issue('default', `must be a ${expected}`);
      if (p.choices && !p.choices.some((c) => String(c) === String(p.default)))
        issue('default', `must be one of the choices: ${p.choices.join(', ')}`);
      if (p.pattern && typeof p.default === 'string' && !regexProblem(p.pattern)) {
        const pattern = compileRegex(p.pattern);
        const tooLong = answerTooLong(pattern, p.default);
        if (tooLong) issue('default', tooLong);
        else if (!pattern.test(p.default))
          issue('default', `does not match the pattern ${p.pattern}`);
      }
      if (typeof p.default === 'number') {
        const outOfBounds = numberProblem(p, p.default);
        if (outOfBounds) issue('default', outOfBounds);
      }
    }),
  );
export type Parameter = z.infer<typeof parameterSchema>;

const globs = z.array(z.string().check(z.minLength(1)));

const filesSchema = z.strictObject({
  managed: z._default(globs, []),
  merged: z._default(globs, []),
  seeded: z._default(globs, []),
  when: z._default(z.record(z.string().check(z.minLength(1)), z.record(z.string(), scalar)), {}),
});

// Built on first use, like the migrations: most manifests have neither, and every schema costs
// start-up on a render that reads a manifest.
const buildCheckSchema = () =>
  z
    .strictObject({
      id: z
        .string()
        .check(
          z.regex(
            /^[a-z0-9-]+(\.[a-z0-9-]+)+$/,
            'must look like category.name, e.g. ci.secret-scan',
          ),
        ),
      category: z.enum(CATEGORIES),
      severity: z.enum(SEVERITIES),
      message: z.string().check(z.minLength(1)),
      fix: z.optional(z.string()),
      file: z.string().check(z.minLength(1)),
      contains: z.optional(regex),
      notContains: z.optional(regex),
      exists: z.optional(z.boolean()),
      json: z.optional(
        z.string().check(z.regex(/^(\/.*)?$/, 'must be a JSON Pointer such as /engines/node')),
      ),
      yaml: z.optional(
        z.string().check(z.regex(/^(\/.*)?$/, 'must be a JSON Pointer such as /spec/data')),
      ),
      equals: z.optional(z.unknown()),
      satisfies: z.optional(
        z.string().check(z.refine((r) => semver.validRange(r) !== null, 'must be a semver range')),
      ),
      /** Like `files.when`: the check applies only when every listed answer is equal. */
      when: z.optional(z.record(z.string(), scalar)),
    })
    .check(
      z.superRefine((c, ctx) => {
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
          ctx.addIssue({
            code: 'custom',
            message: 'equals and satisfies need a json or yaml pointer',
          });
      }),
    );
let checkSchema: ReturnType<typeof buildCheckSchema> | undefined;
export type TemplateCheck = z.infer<ReturnType<typeof buildCheckSchema>>;

const relativePath = () =>
  z.string().check(
    z.minLength(1),
    z.refine(
      (p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '' || s === '.'),
      'must be a relative path inside the service, without ..',
    ),
  );
const pointerSchema = () =>
  z.string().check(z.regex(/^\/.+/, 'must be a JSON Pointer such as /scripts/lint'));

/** One declarative step run when upgrading to the version that lists it. */
const buildMigrationSchema = () =>
  z.union([
    z.strictObject({ rename: z.strictObject({ from: relativePath(), to: relativePath() }) }),
    z.strictObject({ delete: relativePath() }),
    z.strictObject({
      setKey: z.strictObject({
        file: relativePath(),
        pointer: pointerSchema(),
        value: z.unknown(),
      }),
    }),
    z.strictObject({
      removeKey: z.strictObject({ file: relativePath(), pointer: pointerSchema() }),
    }),
  ]);
let migrationSchema: ReturnType<typeof buildMigrationSchema> | undefined;
export type MigrationStep = z.infer<ReturnType<typeof buildMigrationSchema>>;

export const manifestSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    id: z.string().check(z.regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+')),
    version: z
      .string()
      .check(z.refine((v) => semver.valid(v) === v, 'must be a semver version like 1.2.0')),
    name: z.string().check(z.minLength(1)),
    description: z.string().check(z.minLength(1)),
    parameters: z._default(z.array(parameterSchema), []),
    files: z._default(filesSchema, { managed: [], merged: [], seeded: [], when: {} }),
    checks: z._default(z.array(z.lazy(() => (checkSchema ??= buildCheckSchema()))), []),
    /** Steps run, in order, when a service upgrades to this version from an older one. */
    migrations: z._default(z.array(z.lazy(() => (migrationSchema ??= buildMigrationSchema()))), []),
  })
  .check(
    z.superRefine((m, ctx) => {
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
    }),
  );

/** A validated template.yaml, plus the order in which its ownership lists were written. */
export type Manifest = z.infer<typeof manifestSchema> & { ownerOrder: Owner[] };
