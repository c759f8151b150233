import * as z from '../zod-mini.js';

export const RULE_LEVELS = ['off', 'info', 'warning', 'error'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/**
 * The configuration file's keys; see PRODUCT.md, "Configuration". zod's small build, like the
 * manifest's: a create-service run that reads a configuration then loads no second zod.
 */
const buildConfigSchema = () =>
  z.strictObject({
    $schema: z.optional(z.string()),
    extends: z.optional(z.string().check(z.minLength(1))),
    catalogs: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty')))),
    rules: z.optional(
      z.record(
        z
          .string()
          .check(
            z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a rule id such as template.outdated'),
          ),
        z.enum(RULE_LEVELS),
      ),
    ),
    cli: z.optional(
      z.strictObject({
        // It lands in the shell commands of rendered CI files, so only npm package names pass.
        package: z.optional(
          z
            .string()
            .check(
              z.regex(
                /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/,
                'must be an npm package name such as @acme/platform-cli',
              ),
            ),
        ),
      }),
    ),
    telemetry: z.optional(
      z.strictObject({
        enabled: z.optional(z.boolean()),
        endpoint: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
        format: z.optional(z.enum(['json', 'otlp'])),
      }),
    ),
  });

let schema: ReturnType<typeof buildConfigSchema> | undefined;

/** Built on first use: most repos have no configuration file, and zod schemas cost start-up. */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  return (schema ??= buildConfigSchema());
}

export type PlatformConfig = z.infer<ReturnType<typeof buildConfigSchema>>;
