import { post } from '../adapters/http.js';
import { releaseSpool, takeSpool } from './spool.js';
import { encodeBatch, type WireFormat } from './wire-format.js';

export interface SendOptions {
  spoolDir: string;
  endpoint: string;
  format: WireFormat;
  /** Per attempt, connection included. */
  timeoutMs?: number;
  retryDelayMs?: number;
  /** Events per batch; the rest wait for the next run. */
  maxEvents?: number;
}

export type SendResult = 'empty' | 'sent' | 'put-back';

/**
 * Takes the spool, posts it as one batch with one retry, and puts it back when both attempts
 * fail. Used only by the detached sender, never by a command.
 */
export async function sendSpool(options: SendOptions): Promise<SendResult> {
  const { spoolDir, endpoint, format, timeoutMs = 1500, retryDelayMs = 250 } = options;
  const taken = takeSpool(spoolDir);
  if (taken.lines.length === 0) {
    releaseSpool(spoolDir, taken);
    return 'empty';
  }
  const batch = taken.lines.slice(-(options.maxEvents ?? 1000));
  const later = taken.lines.slice(0, taken.lines.length - batch.length);
  const body = encodeBatch(
    batch.map((line) => JSON.parse(line) as Record<string, unknown>),
    format,
  );
  const headers = { 'content-type': 'application/json', 'user-agent': 'create-service-telemetry' };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    const status = await post(endpoint, body, { timeoutMs, headers }).catch(() => 0);
    if (status >= 200 && status < 300) {
      releaseSpool(spoolDir, taken, later);
      return 'sent';
    }
    // A 4xx other than 408/429 will not get better with a retry.
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) break;
  }
  releaseSpool(spoolDir, taken, taken.lines);
  return 'put-back';
}
