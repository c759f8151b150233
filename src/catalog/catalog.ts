import type { Manifest } from './manifest.js';

export type CatalogKind = 'builtin' | 'dir' | 'git' | 'npm';

/** A template version made available on local disk, ready to plan a render from. */
export interface TemplateSource {
  manifest: Manifest;
  /** The folder holding `files/`. */
  dir: string;
  /** `builtin`, `git+<url>`, or for a folder catalog its absolute path (see recordedCatalog). */
  catalog: string;
  catalogKind: CatalogKind;
}

/** Where templates come from. Git and npm catalogs implement the same small interface. */
export interface Catalog {
  readonly kind: CatalogKind;
  /** The source string as the user wrote it (`builtin`, `./templates`, `git+…`). */
  readonly source: string;
  /** Template ids this catalog holds. */
  ids(): Promise<string[]>;
  /** Released versions of one template, unsorted; empty when the id is unknown. */
  versions(id: string): Promise<string[]>;
  /** Makes one version available on disk and validates its manifest. */
  open(id: string, version: string): Promise<TemplateSource>;
}
