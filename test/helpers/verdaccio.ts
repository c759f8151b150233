import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { childEnv } from './node-runtime.js';
import { freePort } from './service-process.js';
import { testdir } from './testdir.js';

/** A Verdaccio registry on 127.0.0.1 with its own storage; everything it does not hold comes from `uplink`. */
export interface LocalRegistry {
  url: string;
  /** An npmrc (for NPM_CONFIG_USERCONFIG) that points npm at this registry with a publish token. */
  userconfig: string;
  /** Publishes a tarball, or `npm pack`s a folder and publishes that; returns `name@version`. */
  publish(dir: string): Promise<string>;
  stop(): Promise<void>;
}

/** The registry npm uses on this machine, which the local one proxies for packages it lacks. */
export async function configuredRegistry(): Promise<string> {
  const { stdout } = await execa('npm', ['config', 'get', 'registry'], { env: childEnv() });
  return stdout.trim();
}

/**
 * Starts Verdaccio 6 (the last line that runs on Node 20) with a throwaway htpasswd user.
 * Local packages are served from temp storage; other names are proxied to `uplink`.
 */
export async function startRegistry(uplink: string): Promise<LocalRegistry> {
  const dir = await testdir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const proxy = { access: '$all', publish: '$authenticated', proxy: 'upstream' };
  const config = {
    storage: path.join(dir, 'storage'),
    auth: { htpasswd: { file: path.join(dir, 'htpasswd'), max_users: 1 } },
    uplinks: { upstream: { url: uplink, timeout: '60s' } },
    packages: { '@*/*': proxy, '**': proxy },
    log: { type: 'stdout', format: 'json', level: 'warn' },
    web: { enable: false },
    server: { keepAliveTimeout: 60 },
  };
  await writeFile(path.join(dir, 'config.yaml'), stringify(config));
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('verdaccio/package.json')), 'bin/verdaccio');
  const server = execa(
    'node',
    [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { cwd: dir, env: childEnv(), stdin: 'ignore', all: true, reject: false },
  );
  await waitUntilUp(url, server);
  const token = await addUser(url);
  const userconfig = path.join(dir, 'npmrc');
  await writeFile(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    userconfig,
    async publish(packageDir) {
      const env = childEnv({ NPM_CONFIG_USERCONFIG: userconfig, npm_config_registry: url });
      if (packageDir.endsWith('.tgz')) {
        // A tarball made elsewhere (this package's own `npm run pack`), published as it is.
        const { stdout } = await execa('tar', ['xzOf', packageDir, 'package/package.json']);
        const { name, version } = JSON.parse(stdout) as { name: string; version: string };
        await execa('npm', ['publish', packageDir], {
          cwd: dir,
          env,
          extendEnv: false,
          stdin: 'ignore',
        });
        return `${name}@${version}`;
      }
      const packed = await execa(
        'npm',
        ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
        {
          cwd: packageDir,
          env,
          extendEnv: false,
          stdin: 'ignore',
        },
      );
      const [{ filename, name, version }] = JSON.parse(packed.stdout) as {
        filename: string;
        name: string;
        version: string;
      }[] as [{ filename: string; name: string; version: string }];
      await execa('npm', ['publish', path.join(dir, path.basename(filename))], {
        cwd: dir,
        env,
        extendEnv: false,
        stdin: 'ignore',
      });
      return `${name}@${version}`;
    },
    async stop() {
      server.kill('SIGTERM');
      await server;
    },
  };
}

async function waitUntilUp(url: string, server: ResultPromise): Promise<void> {
  let exited = false;
  void server.finally(() => (exited = true));
  for (let attempt = 0; attempt < 300 && !exited; attempt++) {
    const up = await fetch(`${url}-/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill('SIGKILL');
  const result = await server;
  throw new Error(`verdaccio did not start:\n${String(result.all)}`);
}

/** Registers the one htpasswd user, as `npm adduser` does, and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'e2e-publisher';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `pw-${Date.now()}`, type: 'user', roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token)
    throw new Error(`adduser: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}
