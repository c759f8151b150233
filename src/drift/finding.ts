import type { Category, Severity } from './rules.js';

/** Why a finding is suppressed: the waiver that covers it. */
export interface WaiverRef {
  reason: string;
  owner: string;
  expires: string;
  ticket?: string;
}

/** One problem a rule found in one repo. */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** Repo-relative path, `/`-separated. */
  file?: string;
  line?: number;
  fix?: string;
  /** True when a valid waiver covers it: still reported, but suppressed. */
  waived?: boolean;
  waiver?: WaiverRef;
  /** `platform doctor --fix` can repair it. */
  fixable?: boolean;
}

/** What a rule returns before severities, overrides and waivers are applied. */
export type RawFinding = Omit<Finding, 'category' | 'severity' | 'waived' | 'waiver'> & {
  severity?: Severity;
};
