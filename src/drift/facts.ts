import type { Manifest } from '../catalog/manifest.js';
import type { RenderPlan } from '../render/plan-render.js';
import type { TemplateFile } from '../render/template-files.js';
import type { ServiceState } from '../state/service-state.js';
import type { Waiver } from '../state/waivers.js';
import type { StructuredDoc } from './structured-docs.js';

/** What is known about the recorded template. */
export type TemplateFacts =
  | { kind: 'none' }
  | {
      kind: 'unknown';
      id: string;
      version: string;
      reason: string;
      latest?: string;
      /** What to do, when more is known than "pass --catalog". */
      hint?: string;
    }
  | { kind: 'found'; id: string; version: string; manifest: Manifest; latest: string };

/** A managed file: what the paved road expects and what the work tree holds. */
export interface ManagedFileFact {
  path: string;
  expectedSha256: string;
  /** The sha256 the state file recorded at render time, when it has one. */
  recordedSha256?: string;
  /** null when the file is missing from the work tree. */
  actualSha256: string | null;
  /** True when the expected bytes are at hand, so `--fix` can restore them. */
  restorable: boolean;
}

/** Everything the rules look at, gathered once; the rules themselves never touch the disk. */
export interface RepoFacts {
  root: string;
  state: ServiceState | null;
  /** `git ls-files`: ignored files never appear here. */
  tracked: string[];
  /** Work-tree text of tracked files (and of files template checks name), by path. */
  texts: Map<string, string>;
  /** Paths that exist in the work tree among those template checks name. */
  present: Set<string>;
  /** Files that `json:`/`yaml:` checks name, parsed (`docKey`); null when one does not parse. */
  documents: Map<string, StructuredDoc | null>;
  template: TemplateFacts;
  managed: ManagedFileFact[];
  /** Merged files the state file records that are gone from the work tree. */
  mergedMissing: string[];
  waivers: Waiver[];
  /** Today as YYYY-MM-DD, for waiver expiry. */
  today: string;
  /** The render of the recorded version, when one was needed or asked for. */
  render?: RenderPlan;
  /** The template files that render came from, so a fix can say which answers a file uses. */
  templateFiles?: TemplateFile[];
}
