import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Why npm could not answer: the package does not exist, or the registry is out of reach. */
export type NpmFailure = { kind: 'unknown' | 'unreachable'; message: string };

/**
 * The published versions of `name` that satisfy `range`, asked of the registry npm is
 * configured with (`.npmrc`: registry and auth are npm's own; we never read them).
 */
export async function publishedVersions(
  name: string,
  range: string,
  env: NodeJS.ProcessEnv,
): Promise<string[] | NpmFailure> {
  const { execa } = await import('execa');
  // No retries and a short timeout: when the registry is out of reach, the cache answers.
  const args = ['view', '--json', '--fetch-retries=0', '--fetch-timeout=15000'];
  const result = await execa('npm', [...args, '--', `${name}@${range}`, 'version'], {
    env,
    reject: false,
    stdin: 'ignore',
  });
  if (result.exitCode === 0) {
    const parsed = result.stdout.trim() ? (JSON.parse(result.stdout) as string | string[]) : [];
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  const text = `${result.stdout}\n${result.stderr}`;
  const code = /"code":\s*"([A-Z0-9_]+)"|npm error code ([A-Z0-9_]+)/.exec(text);
  const errorCode = code?.[1] ?? code?.[2] ?? '';
  return {
    kind: errorCode === 'E404' ? 'unknown' : 'unreachable',
    message: errorCode || (result.stderr.trim().split('\n').at(-1) ?? 'npm view failed'),
  };
}

/** `npm pack`s `name@version` and unpacks it into `dest` (which must not exist), atomically. */
export async function fetchPackage(
  name: string,
  version: string,
  dest: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { execa } = await import('execa');
  await mkdir(path.dirname(dest), { recursive: true });
  const work = await mkdtemp(`${dest}-`);
  try {
    const packed = await execa(
      'npm',
      [
        'pack',
        '--json',
        '--ignore-scripts',
        '--pack-destination',
        work,
        '--',
        `${name}@${version}`,
      ],
      { env, stdin: 'ignore' },
    );
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const unpacked = path.join(work, 'unpacked');
    await mkdir(unpacked);
    await execa('tar', ['xzf', path.join(work, path.basename(filename)), '-C', unpacked], {
      stdin: 'ignore',
    });
    // npm tarballs hold one top folder, `package/` by convention.
    await rename(path.join(unpacked, 'package'), dest).catch((error: NodeJS.ErrnoException) => {
      // Another process unpacked the same version first; theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
