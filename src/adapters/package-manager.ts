export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager that launched us (`npm create`, `pnpm create`…), npm otherwise. */
export function detectPackageManager(env: NodeJS.ProcessEnv = process.env): PackageManager {
  const agent = env.npm_config_user_agent ?? '';
  const name = agent.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}

/** How a package-manager run ended: its failure's last lines instead of a throw. */
export type PackageManagerRun = { ok: true } | { ok: false; output: string };

/** Installs dependencies in `dir`. */
export function installDependencies(dir: string, pm: PackageManager): Promise<PackageManagerRun> {
  return runQuietly(dir, pm, ['install'], 5);
}

/** Runs one of a project's own scripts (`test`, `build`). */
export function runPackageScript(
  dir: string,
  pm: PackageManager,
  script: string,
): Promise<PackageManagerRun> {
  return runQuietly(dir, pm, ['run', script], 8);
}

async function runQuietly(
  dir: string,
  pm: PackageManager,
  args: string[],
  tailLines: number,
): Promise<PackageManagerRun> {
  const { execa } = await import('execa');
  const result = await execa(pm, args, { cwd: dir, reject: false, all: true, stdin: 'ignore' });
  if (result.exitCode === 0) return { ok: true };
  const output = (result.all ?? result.message ?? '').trim().split('\n').slice(-tailLines);
  return { ok: false, output: output.join('\n') };
}
