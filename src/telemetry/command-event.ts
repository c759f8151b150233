import type { EventProps } from './event-fields.js';

/**
 * The tiny API through which a command describes its run for usage events. A command calls
 * `setEventProps` as it learns things (template, findings, versions); the CLI layer reads them
 * once the command has finished and decides whether anything is recorded. Calling it costs
 * nothing when telemetry is off, and a value that does not fit the event's schema is dropped.
 */
export interface CommandEventState {
  props: EventProps;
  /** The repository the command acted on; its git remote gives the project id. */
  projectDir?: string;
  /** Set by `skipUsageEvent`: this run is not a use worth counting (a dry run). */
  skip?: boolean;
}

const state: CommandEventState = { props: {} };

/** Merges props into this run's event: template, templateVersion, catalogKind, findings, ... */
export function setEventProps(props: EventProps): void {
  Object.assign(state.props, props);
}

/** Names the repository this run acted on (default: the current directory). */
export function setEventProject(dir: string): void {
  state.projectDir = dir;
}

/** Records no success event for this run (errors are still counted), e.g. for `--dry-run`. */
export function skipUsageEvent(): void {
  state.skip = true;
}

/** What the command handed over; read once by the CLI layer at the end of the run. */
export function readCommandEvent(): Readonly<CommandEventState> {
  return state;
}

/** `findings` (unwaived count per rule id) and `waived` (rule ids) from a check's findings. */
export function findingProps(
  findings: readonly { ruleId: string; waived?: boolean }[],
): Pick<EventProps, 'findings' | 'waived'> {
  const counts: Record<string, number> = {};
  const waived = new Set<string>();
  for (const finding of findings) {
    if (finding.waived) waived.add(finding.ruleId);
    else counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  }
  return { findings: counts, waived: [...waived].sort() };
}

/** The kind of a recorded catalog (`builtin`, `git+…`, `npm:…`, a folder): never its address. */
export function catalogKindOf(catalog: string): 'builtin' | 'git' | 'npm' | 'dir' {
  if (catalog === 'builtin') return 'builtin';
  if (catalog.startsWith('git+')) return 'git';
  if (catalog.startsWith('npm:')) return 'npm';
  return 'dir';
}

/**
 * The props of a check-like run (check, doctor, adopt) over one or more repos: the template
 * when there is exactly one repo, and the findings of all repos summed by rule id.
 */
export function checkEventProps(
  repos: readonly {
    template: { id: string; version: string; catalog: string } | null;
    findings: readonly { ruleId: string; waived?: boolean }[];
  }[],
): EventProps {
  const only = repos.length === 1 ? repos[0]!.template : null;
  return {
    ...(only && {
      template: only.id,
      templateVersion: only.version,
      catalogKind: catalogKindOf(only.catalog),
    }),
    ...findingProps(repos.flatMap((r) => r.findings)),
  };
}
