// The slow suite of the built-in templates, in shards: every built-in template × version × ci
// choice is rendered with the built bin, and one render per version is installed, tested,
// built and started for real. Each templates*.slow.test.ts file runs one shard, so two vitest
// workers share the installs.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { BUILTIN_IDS, builtinVersions } from '../helpers/builtin-templates.js';
import { lintGithubWorkflow } from '../helpers/ci-lint.js';
import { lintGitlabCi } from '../helpers/gitlab-ci-local.js';
import { NPM_CACHE_ENV, ensureNodeMajor, envWithNode } from '../helpers/node-runtime.js';
import { runBin } from '../helpers/run-bin.js';
import {
  freePort,
  parseEnvFile,
  startService,
  waitForHttp,
  type RunningService,
} from '../helpers/service-process.js';
import { GIT_ENV, testdir } from '../helpers/testdir.js';

const CI_CHOICES = ['github', 'gitlab'] as const;
/** The metric each template must expose beyond the process defaults. */
const TEMPLATE_METRICS: Record<string, RegExp> = {
  'node-http-service': /^http_request_duration_seconds_bucket\{.*route="\/livez"/m,
  'node-worker': /^worker_job_runs_total\{.*job="heartbeat".*\} [1-9]/m,
};
/** No collector runs in the suite: exporters off keep the SIGTERM flush instant. */
const QUIET_OTEL = {
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
};
const MINUTE = 60_000;

/** Every built-in (id, version), in a stable order. */
const builtins = BUILTIN_IDS.flatMap((id) =>
  builtinVersions(id)
    .reverse()
    .map((version) => ({ id, version })),
);

/**
 * Describes shard `shard` (0-based) of `count`: every count-th built-in version, so each
 * shard mixes templates and old and new versions.
 */
export function describeBuiltinTemplates(shard: number, count: number): void {
  const mine = builtins.filter((_, index) => index % count === shard);
  if (mine.length === 0) throw new Error(`shard ${shard} of ${count} holds no built-in version`);
  describe.each(mine)('built-in template $id@$version', describeVersion);
}

function describeVersion({ id, version }: { id: string; version: string }): void {
  const dirs = {} as Record<(typeof CI_CHOICES)[number], string>;
  let nodeBin = '';
  let env: Record<string, string> = {};
  let pkg: { engines: { node: string }; scripts: Record<string, string> };
  const running: RunningService[] = [];

  beforeAll(async () => {
    const cwd = await testdir();
    for (const ci of CI_CHOICES) {
      const result = await runBin(
        'create-service',
        [ci, '-t', `${id}@${version}`, '--set', `name=e2e-${ci}`, '--set', `ci=${ci}`]
          // The suite installs itself, with the Node major the service targets.
          .concat(['--yes', '--no-install', '--no-git']),
        { cwd },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      dirs[ci] = path.join(cwd, ci);
    }
    pkg = JSON.parse(await readFile(path.join(dirs.github, 'package.json'), 'utf8')) as typeof pkg;
    const major = semver.minVersion(pkg.engines.node)?.major;
    if (!major) throw new Error(`engines.node "${pkg.engines.node}" has no minimum`);
    nodeBin = await ensureNodeMajor(major);
    env = envWithNode(nodeBin, NPM_CACHE_ENV);
  }, 5 * MINUTE);

  afterAll(async () => {
    for (const service of running) service.process.kill('SIGKILL');
    await Promise.allSettled(running.map((s) => s.process));
  });

  it('renders one CI system per choice and the same package.json for both', async () => {
    expect(existsSync(path.join(dirs.github, '.github/workflows/ci.yml'))).toBe(true);
    expect(existsSync(path.join(dirs.github, '.gitlab-ci.yml'))).toBe(false);
    expect(existsSync(path.join(dirs.gitlab, '.gitlab-ci.yml'))).toBe(true);
    expect(existsSync(path.join(dirs.gitlab, '.github'))).toBe(false);
    const manifests = await Promise.all(
      CI_CHOICES.map((ci) => readFile(path.join(dirs[ci], 'package.json'), 'utf8')),
    );
    // Why one install per version is enough.
    expect(manifests[1]?.replace(/e2e-gitlab/g, 'e2e-github')).toBe(manifests[0]);
    for (const required of ['build', 'test', 'start']) expect(pkg.scripts).toHaveProperty(required);
    const gitignore = await readFile(path.join(dirs.github, '.gitignore'), 'utf8');
    expect(gitignore).toMatch(/^\.env\*?$/m);
    expect(gitignore).toMatch(/^!\.env\.example$/m);
  });

  it.each(CI_CHOICES)('renders YAML that parses, for ci=%s', async (ci) => {
    const files = await yamlFiles(dirs[ci]);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const text = await readFile(path.join(dirs[ci], file), 'utf8');
      for (const doc of parseAllDocuments(text))
        expect(doc.errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
    }
    const catalogInfo = parseAllDocuments(
      await readFile(path.join(dirs[ci], 'catalog-info.yaml'), 'utf8'),
    )[0]?.toJS() as { metadata: { annotations: Record<string, string> }; spec: object };
    expect(catalogInfo.metadata.annotations).toMatchObject({
      'platform.dev/template': id,
      'platform.dev/template-version': version,
    });
    expect(catalogInfo.spec).toMatchObject({
      owner: expect.any(String),
      lifecycle: 'experimental',
    });
  });

  it('passes actionlint and the workflow schema (ci=github)', async () => {
    const workflows = path.join(dirs.github, '.github/workflows');
    const names = await readdir(workflows);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const source = await readFile(path.join(workflows, name), 'utf8');
      expect(await lintGithubWorkflow(source, name)).toEqual([]);
    }
    const ci = await readFile(path.join(workflows, 'ci.yml'), 'utf8');
    expect(ci).toMatch(/gitleaks/);
    expect(ci).toMatch(/platform check --format github/);
  });

  it('passes the GitLab CI schema (ci=gitlab)', async () => {
    const git = { ...env, ...GIT_ENV };
    await execa('git', ['init', '--quiet'], { cwd: dirs.gitlab, env: git });
    await execa('git', ['add', '--all'], { cwd: dirs.gitlab, env: git });
    await execa('git', ['commit', '--quiet', '-m', 'render'], { cwd: dirs.gitlab, env: git });
    const lint = await lintGitlabCi(dirs.gitlab, { nodeBin });
    expect(lint.exitCode, lint.output).toBe(0);
    expect(lint.output).toMatch(/json schema validated/);
    const pipeline = parseYaml(await readFile(path.join(dirs.gitlab, '.gitlab-ci.yml'), 'utf8'));
    expect(JSON.stringify(pipeline)).toMatch(/gitleaks/);
    expect(JSON.stringify(pipeline)).toMatch(/platform check --format gitlab/);
  });

  it(
    'installs, lints, typechecks, tests and builds with its own scripts',
    async () => {
      const run = (args: string[]) =>
        execa('npm', args, {
          cwd: dirs.github,
          env,
          extendEnv: false,
          all: true,
          stdin: 'ignore',
          reject: false,
        });
      const started = performance.now();
      const install = await run(['install', '--no-audit', '--no-fund']);
      expect(install.exitCode, install.all).toBe(0);
      console.info(`${id}@${version}: npm install ${Math.round(performance.now() - started)} ms`);
      for (const script of ['lint', 'typecheck', 'test', 'build']) {
        const result = await run(['run', script]);
        expect(result.exitCode, `npm run ${script}:\n${result.all}`).toBe(0);
      }
      expect(existsSync(path.join(dirs.github, 'dist/main.js'))).toBe(true);
    },
    8 * MINUTE,
  );

  async function start(extra: Record<string, string>): Promise<RunningService> {
    const example = parseEnvFile(await readFile(path.join(dirs.github, '.env.example'), 'utf8'));
    const command = pkg.scripts.start ?? '';
    const service = startService(dirs.github, command, {
      ...env,
      ...example,
      ...QUIET_OTEL,
      HOST: '127.0.0.1',
      ...extra,
    });
    running.push(service);
    return service;
  }

  it(
    'serves /livez, /readyz and /metrics on PORT, then drains on SIGTERM',
    async () => {
      const port = await freePort();
      const service = await start({ PORT: String(port) });
      const base = `http://127.0.0.1:${port}`;
      await waitForHttp(`${base}/livez`, service);
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status, await ready.clone().text()).toBe(200);
      // The worker's first job run and the http histogram both need a moment and a request.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await metrics.text();
      expect(body).toMatch(/^process_cpu_seconds_total /m);
      expect(body).toMatch(TEMPLATE_METRICS[id] ?? /^# TYPE /m);
      service.process.kill('SIGTERM');
      const exit = await service.process;
      expect(exit.exitCode, service.output()).toBe(0);
      expect(service.output()).toMatch(/"msg":"shutting down"/);
      // JSON logs, one object per line.
      for (const line of service
        .output()
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{')))
        expect(() => JSON.parse(line) as unknown).not.toThrow();
    },
    2 * MINUTE,
  );

  it(
    'serves /metrics only on METRICS_PORT when that is set',
    async () => {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const service = await start({ PORT: String(port), METRICS_PORT: String(metricsPort) });
      await waitForHttp(`http://127.0.0.1:${port}/livez`, service);
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^process_cpu_seconds_total /m);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      service.process.kill('SIGTERM');
      expect((await service.process).exitCode, service.output()).toBe(0);
    },
    2 * MINUTE,
  );

  it(
    'refuses to start without a required secret, naming it but not the others',
    async () => {
      const externalSecret = parseYaml(
        await readFile(path.join(dirs.github, 'deploy/external-secret.yaml'), 'utf8'),
      ) as { kind: string; spec: { data: { secretKey: string }[] } };
      expect(externalSecret.kind).toBe('ExternalSecret');
      const secrets = externalSecret.spec.data.map((d) => d.secretKey);
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        const service = await start({ PORT: String(await freePort()), [secret]: '' });
        const exit = await service.process;
        expect(exit.exitCode, service.output()).not.toBe(0);
        expect(service.output()).toContain(secret);
        // A secret that is present must not be echoed while another is reported.
        const example = parseEnvFile(
          await readFile(path.join(dirs.github, '.env.example'), 'utf8'),
        );
        for (const other of secrets.filter((s) => s !== secret))
          expect(service.output()).not.toContain(example[other] ?? '\0');
      }
    },
    2 * MINUTE,
  );
}

/** Every .yml/.yaml in a render, dotfolders included, node_modules excluded. */
async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .sort();
}
