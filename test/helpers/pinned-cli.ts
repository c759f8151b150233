import { readFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { ROOT } from './run-bin.js';

/** This repo's package name and version: what renders pin as the CLI by default. */
export async function thisPackage(): Promise<{ name: string; version: string }> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}

/**
 * The package an `npx -p <name>@<version> platform …` command line runs, if it names an exact
 * version (a range or a bare name is not a pin).
 */
export function pinnedCliOf(line: string): { name: string; version: string } | undefined {
  const spec = /(?:-p|--package)[=\s]+['"]?((?:@[\w.-]+\/)?[\w.-]+)@([^\s'"]+)/.exec(line);
  if (!spec?.[1] || !spec[2] || semver.valid(spec[2]) !== spec[2]) return undefined;
  return { name: spec[1], version: spec[2] };
}
