import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readOriginUrl } from '../adapters/git-remote-file.js';
import { spawnDetachedNode } from '../adapters/detached-process.js';
import { readProjectId } from '../state/state-project-id.js';
import { xdgPaths } from '../xdg-paths.js';
import { buildEvent, SESSION_ID } from './build-event.js';
import { writeConsent, type ConsentRecord } from './consent-store.js';
import type { EventName, EventProps, UsageEvent } from './event-fields.js';
import { projectIdFor } from './project-id.js';
import { appendToSpool } from './spool.js';
import type { WireFormat } from './wire-format.js';

/** The variable that hands the endpoint to the detached sender. */
export const SENDER_ENDPOINT_VARIABLE = 'PLATFORM_TELEMETRY_ENDPOINT';

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
  // The state file's projectId links a laptop and CI; the hashed remote is the fallback.
  const projectId =
    readProjectId(options.projectDir) ??
    projectIdFor(readOriginUrl(options.projectDir), ids.projectSalt!);
  return buildEvent(options.name, options.props, {
    anonymousId: ids.anonymousId!,
    projectId,
    sessionId: SESSION_ID,
    cliVersion: options.cliVersion,
    env,
  });
}

/**
 * At a desk, a sender starts at most once a minute: starting one costs a command more than the
 * rest of its telemetry, and events from a burst of commands can wait for the next. In CI every
 * run starts one, since the runner is thrown away after the job.
 */
export const SEND_INTERVAL_MS = 60_000;

/** Its mtime is when a sender last started from this spool folder. */
export function lastSendFile(spoolDir: string): string {
  return path.join(spoolDir, 'last-send');
}

/**
 * Spools an event and, when an endpoint is configured and a send is due, starts the detached
 * sender. Any failure (a read-only home, a full disk) quietly records nothing: telemetry never
 * breaks a command.
 */
export function spoolEvent(
  event: UsageEvent,
  options: {
    env: NodeJS.ProcessEnv;
    endpoint?: string;
    format: WireFormat;
    /** The detached sender's script, `dist/telemetry-sender.js`. */
    senderScript: string;
  },
): 'spooled' | 'sending' | 'failed' {
  const { env, endpoint, format } = options;
  const dir = spoolDirFor(env);
  try {
    appendToSpool(dir, [JSON.stringify(event)]);
  } catch {
    return 'failed';
  }
  if (!endpoint || !(event.env.ci || sendIsDue(dir))) return 'spooled';
  try {
    writeFileSync(lastSendFile(dir), '');
  } catch {
    return 'spooled';
  }
  const keep = ['SYSTEMROOT', 'SystemRoot'].filter((k) => env[k]);
  // The endpoint may hold credentials: it travels in the sender's environment, which only its
  // user can read, never on its command line, which `ps` shows to everyone.
  spawnDetachedNode(options.senderScript, ['--spool', dir, '--format', format], {
    cwd: dir,
    env: {
      ...Object.fromEntries(keep.map((k) => [k, env[k]!])),
      [SENDER_ENDPOINT_VARIABLE]: endpoint,
    },
  });
  return 'sending';
}

/** No sender started in the last interval (a marker dated in the future counts as stale). */
function sendIsDue(dir: string, now = Date.now()): boolean {
  try {
    const age = now - statSync(lastSendFile(dir)).mtimeMs;
    return age >= SEND_INTERVAL_MS || age < 0;
  } catch {
    return true;
  }
}
