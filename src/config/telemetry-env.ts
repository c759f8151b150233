import { UserError } from '../errors.js';
import { redactEndpoint } from '../telemetry/redact-endpoint.js';
import type { ResolvedConfig } from './merge-config.js';

/** The variables that say where usage events go; they win over the user's config file. */
export const ENDPOINT_VARIABLE = 'PLATFORM_TELEMETRY_ENDPOINT';
export const FORMAT_VARIABLE = 'PLATFORM_TELEMETRY_FORMAT';

/** Applies `PLATFORM_TELEMETRY_ENDPOINT` and `PLATFORM_TELEMETRY_FORMAT`, validated like the file keys. */
export function applyTelemetryEnv(resolved: ResolvedConfig, env: NodeJS.ProcessEnv): void {
  const endpoint = env[ENDPOINT_VARIABLE];
  if (endpoint) {
    if (!isHttpUrl(endpoint))
      throw new UserError(
        'CONFIG',
        `${ENDPOINT_VARIABLE} is not an http(s) URL: ${redactEndpoint(endpoint)}`,
        `Set ${ENDPOINT_VARIABLE} to the collector's URL, e.g. https://events.acme.dev/v1/batch, or unset it.`,
      );
    resolved.telemetry.endpoint = endpoint;
    resolved.origins['telemetry.endpoint'] = `${ENDPOINT_VARIABLE} (environment)`;
  }
  const format = env[FORMAT_VARIABLE];
  if (format) {
    if (format !== 'json' && format !== 'otlp')
      throw new UserError(
        'CONFIG',
        `${FORMAT_VARIABLE} must be json or otlp, not "${format}"`,
        `Set ${FORMAT_VARIABLE}=json or ${FORMAT_VARIABLE}=otlp, or unset it.`,
      );
    resolved.telemetry.format = format;
    resolved.origins['telemetry.format'] = `${FORMAT_VARIABLE} (environment)`;
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
