import type { Manifest } from '../catalog/manifest.js';
import type { RenderCli } from './render-cli.js';

/**
 * The reserved `@platform` data variables (PRODUCT.md, "Template"). `template.catalog` is the
 * recorded source only where CI can fetch it again (`git+`, `npm:`): builtin needs no flag, and
 * a local folder's path means nothing on a CI runner.
 */
export function platformData(
  manifest: Pick<Manifest, 'id' | 'version'>,
  catalog: string,
  cli: RenderCli,
): Record<string, unknown> {
  const fetchable = catalog.startsWith('git+') || catalog.startsWith('npm:');
  return {
    platform: {
      cli: { package: cli.package, version: cli.version },
      template: { id: manifest.id, version: manifest.version, catalog: fetchable ? catalog : '' },
    },
  };
}

/** The reserved variables a template may use, as `@platform.<path>`. */
export const PLATFORM_VARIABLES: readonly string[] = [
  'platform.cli.package',
  'platform.cli.version',
  'platform.template.id',
  'platform.template.version',
  'platform.template.catalog',
];
