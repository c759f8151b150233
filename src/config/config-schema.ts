import * as z from 'zod';

export const RULE_LEVELS = ['off', 'info', 'warning', 'error'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** The configuration file's keys; see PRODUCT.md, "Configuration". */
const buildConfigSchema = () =>
  z
    .object({
      $schema: z.string().optional(),
      extends: z.string().min(1).optional(),
      catalogs: z.array(z.string().min(1, 'must not be empty')).optional(),
      rules: z
        .record(
          z
            .string()
            .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a rule id such as template.outdated'),
          z.enum(RULE_LEVELS),
        )
        .optional(),
      cli: z
        .object({
          // It lands in the shell commands of rendered CI files, so only npm package names pass.
          package: z
            .string()
            .regex(
              /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/,
              'must be an npm package name such as @acme/platform-cli',
            )
            .optional(),
        })
        .strict()
        .optional(),
      telemetry: z
        .object({
          enabled: z.boolean().optional(),
          endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
          format: z.enum(['json', 'otlp']).optional(),
        })
        .strict()
        .optional(),
    })
    .strict();

let schema: ReturnType<typeof buildConfigSchema> | undefined;

/** Built on first use: most repos have no configuration file, and zod schemas cost start-up. */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  return (schema ??= buildConfigSchema());
}

export type PlatformConfig = z.infer<ReturnType<typeof buildConfigSchema>>;
