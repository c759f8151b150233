import { CLI_PACKAGE } from '../version.js';

/** The CLI a render names, so rendered CI runs that package at exactly that version. */
export interface RenderCli {
  package: string;
  version: string;
}

/** The CLI rendering now: config `cli.package` (else this package's name) at this version. */
export function currentCli(configured: string | undefined, version: string): RenderCli {
  return { package: configured ?? CLI_PACKAGE, version };
}

/** The state file's `cli` text, `<package>@<version>`; scoped names keep their leading `@`. */
export function formatCli(cli: RenderCli): string {
  return `${cli.package}@${cli.version}`;
}

/**
 * The CLI a state file records, which re-renders of its version must name again so that a
 * drift check run by a newer CLI sees the CI files exactly as they were rendered.
 */
export function parseRecordedCli(text: string): RenderCli {
  const at = text.lastIndexOf('@');
  if (at <= 0) return { package: text || CLI_PACKAGE, version: '' };
  return { package: text.slice(0, at), version: text.slice(at + 1) };
}
