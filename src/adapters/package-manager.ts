export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager that launched us (`npm create`, `pnpm create`…), npm otherwise. */
export function detectPackageManager(env: NodeJS.ProcessEnv = process.env): PackageManager {
  const agent = env.npm_config_user_agent ?? '';
  const name = agent.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
}

/** Installs dependencies in `dir`; returns the failure's last lines instead of throwing. */
export async function installDependencies(
  dir: string,
  pm: PackageManager,
): Promise<{ ok: true } | { ok: false; output: string }> {
  const { execa } = await import('execa');
  const result = await execa(pm, ['install'], {
    cwd: dir,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  if (result.exitCode === 0) return { ok: true };
  // EBADENGINE warnings are not why an install fails; create names the Node mismatch itself.
  const output = (result.all ?? result.message ?? '')
    .trim()
    .split('\n')
    .filter((line) => !/EBADENGINE/.test(line))
    .slice(-5)
    .join('\n');
  return { ok: false, output };
}
