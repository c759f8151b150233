import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOriginUrl } from '../adapters/git-remote-file.js';
import { spawnDetachedNode } from '../adapters/detached-process.js';
import { xdgPaths } from '../xdg-paths.js';
import { buildEvent, SESSION_ID } from './build-event.js';
import { writeConsent, type ConsentRecord } from './consent-store.js';
import type { EventName, EventProps, UsageEvent } from './event-schemas.js';
import { projectIdFor } from './project-id.js';
import { appendToSpool } from './spool.js';
import type { WireFormat } from './wire-format.js';

/** `$XDG_STATE_HOME/platform/telemetry`: the spool and the sender's outbox files. */
export function spoolDirFor(env: NodeJS.ProcessEnv): string {
  return path.join(xdgPaths(env).state, 'telemetry');
}

/** Builds the event of a run from the user's ids and the project's remote. */
export function eventForRun(options: {
  name: EventName;
  props: EventProps;
  consent: ConsentRecord;
  projectDir: string;
  cliVersion: string;
  env: NodeJS.ProcessEnv;
}): UsageEvent {
  const { consent, env } = options;
  const ids =
    consent.anonymousId && consent.projectSalt ? consent : writeConsent(env, true, new Date());
  const remote = readOriginUrl(options.projectDir);
  return buildEvent(options.name, options.props, {
    anonymousId: ids.anonymousId!,
    projectId: projectIdFor(remote, ids.projectSalt!),
    sessionId: SESSION_ID,
    cliVersion: options.cliVersion,
    env,
  });
}

/**
 * Spools an event and, when an endpoint is configured, starts the detached sender. Any failure
 * (a read-only home, a full disk) quietly records nothing: telemetry never breaks a command.
 */
export function spoolEvent(
  event: UsageEvent,
  { env, endpoint, format }: { env: NodeJS.ProcessEnv; endpoint?: string; format: WireFormat },
): 'spooled' | 'sending' | 'failed' {
  const dir = spoolDirFor(env);
  try {
    appendToSpool(dir, [JSON.stringify(event)]);
  } catch {
    return 'failed';
  }
  if (!endpoint) return 'spooled';
  const sender = senderScript();
  if (!sender) return 'spooled';
  const keep = ['SYSTEMROOT', 'SystemRoot'].filter((k) => env[k]);
  spawnDetachedNode(sender, ['--spool', dir, '--endpoint', endpoint, '--format', format], {
    cwd: dir,
    env: Object.fromEntries(keep.map((k) => [k, env[k]!])),
  });
  return 'sending';
}

// The bundle puts this code in dist/ or dist/chunks/; the sender is dist/telemetry-sender.js.
function senderScript(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [
    path.join(here, 'telemetry-sender.js'),
    path.join(here, '..', 'telemetry-sender.js'),
  ].find((file) => existsSync(file));
}
