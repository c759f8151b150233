import { existsSync } from 'node:fs';
import path from 'node:path';
import { installDependencies } from '../adapters/package-manager.js';
import * as semver from '../catalog/semver.js';
import { onInterrupt } from '../interrupt-cleanup.js';
import type { CreateResult, Progress } from './create-service.js';

/** The Node.js a render asks for (`engines.node`) when the running Node does not satisfy it. */
export interface NodeMismatch {
  required: string;
  current: string;
}

/** Compares the rendered package.json's `engines.node` with the running Node; pure. */
export function nodeMismatch(
  packageJson: string | undefined,
  current: string,
): NodeMismatch | undefined {
  if (packageJson === undefined) return undefined;
  let required: unknown;
  try {
    required = (JSON.parse(packageJson) as { engines?: { node?: unknown } }).engines?.node;
  } catch {
    return undefined;
  }
  // The same options for both: semver then parses the range once and reuses it.
  const options = { includePrerelease: true };
  if (typeof required !== 'string' || semver.validRange(required, options) === null)
    return undefined;
  return semver.satisfies(current, required, options) ? undefined : { required, current };
}

/**
 * Installs the render's dependencies. A failure is a warning; a Ctrl-C keeps the rendered
 * folder (it is complete) and tells the user how to finish the install.
 */
export async function installStep(result: CreateResult, cwd: string, progress?: Progress) {
  const manifest = path.join(result.directory, 'package.json');
  if (!existsSync(manifest)) {
    result.install = 'not-needed';
    return;
  }
  const pm = result.packageManager;
  const where = path.relative(cwd, result.directory) || '.';
  const release = onInterrupt(() => ({
    message: `Interrupted during the dependency install. The service stays rendered in ${where}.`,
    hint: `Finish the install yourself: \`cd ${where} && ${pm} install\`.`,
  }));
  const spinner = progress?.start(`Installing dependencies with ${pm}`);
  try {
    const outcome = await installDependencies(result.directory, pm);
    if (outcome.ok) {
      result.install = 'done';
      spinner?.succeed('Installed dependencies');
      return;
    }
    result.install = 'failed';
    spinner?.fail('Dependency install failed');
    result.warnings.push(
      `${pm} install failed; run it yourself in the service folder.\n${outcome.output}`,
    );
  } finally {
    release();
  }
}
