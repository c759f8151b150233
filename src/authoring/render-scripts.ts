import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  detectPackageManager,
  installDependencies,
  runPackageScript,
  type Outcome,
} from '../adapters/package-manager.js';
import type { TemplateTestStep } from './test-template-dir.js';

/** The scripts `templates test --run` runs in each render after installing, in this order. */
const SCRIPTS = ['test', 'build'] as const;

/**
 * `templates test --run`: the render's own install, then its `test` and `build` scripts, the
 * way its first pipeline would. A render without a package.json, or without a script, skips it.
 */
export async function runRenderScripts(render: string): Promise<TemplateTestStep[]> {
  const manifestFile = path.join(render, 'package.json');
  if (!existsSync(manifestFile))
    return [{ name: 'install', status: 'skipped', details: [], reason: 'no package.json' }];
  const scripts = readScripts(manifestFile);
  const pm = detectPackageManager();
  const install = asStep('install', await installDependencies(render, pm));
  const steps = [install];
  for (const script of SCRIPTS) {
    if (install.status === 'failed')
      steps.push({ name: script, status: 'skipped', details: [], reason: 'the install failed' });
    else if (!scripts[script])
      steps.push({ name: script, status: 'skipped', details: [], reason: `no "${script}" script` });
    else steps.push(asStep(script, await runPackageScript(render, pm, script)));
  }
  return steps;
}

function readScripts(file: string): Record<string, unknown> {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, unknown> };
    return pkg.scripts ?? {};
  } catch {
    return {};
  }
}

const asStep = (name: string, run: Outcome): TemplateTestStep =>
  run.ok
    ? { name, status: 'passed', details: [] }
    : { name, status: 'failed', details: run.output.split('\n') };
