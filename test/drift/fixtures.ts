import { cp } from 'node:fs/promises';
import path from 'node:path';
import { runBin } from '../helpers/run-bin.js';
import { gitSync, testdir, writeTree, type FileTree } from '../helpers/testdir.js';

/** template.yaml for a small test template with one check of every kind. */
function manifest(version: string): string {
  return `schemaVersion: 1
id: svc
version: ${version}
name: Test service
description: A small template for drift tests.
parameters:
  - name: name
    type: string
    required: true
    pattern: "^[a-z][a-z0-9-]+$"
  - name: port
    type: number
    default: 8080
files:
  managed: [".github/workflows/**", "Dockerfile"]
  seeded: ["src/**"]
checks:
  - id: ci.secret-scan
    category: secrets
    severity: error
    message: CI must scan every push for leaked secrets.
    fix: Restore the managed workflow with \`platform doctor --fix\`.
    file: .github/workflows/ci.yml
    contains: gitleaks
  - id: ci.no-latest-tag
    category: ci
    severity: warning
    message: Base images are pinned.
    file: Dockerfile
    notContains: ":latest"
  - id: observability.bootstrap
    category: observability
    severity: error
    message: The OpenTelemetry bootstrap is present.
    file: src/otel.js
    exists: true
  - id: ci.no-legacy
    category: ci
    severity: warning
    message: The legacy Jenkinsfile is gone.
    file: Jenkinsfile
    exists: false
  - id: deps.node-version
    category: dependencies
    severity: error
    message: engines.node targets the current LTS.
    file: package.json
    json: /engines/node
    satisfies: ">=22"
  - id: deps.private
    category: dependencies
    severity: warning
    message: The package is private.
    file: package.json
    json: /private
    equals: true
  - id: deps.test-script
    category: dependencies
    severity: error
    message: There is a test script.
    file: package.json
    json: /scripts/test
  - id: ci.runs-on
    category: ci
    severity: warning
    message: CI runs on the standard runner.
    file: .github/workflows/ci.yml
    yaml: /jobs/check/runs-on
    equals: ubuntu-latest
  - id: ci.no-continue-on-error
    category: ci
    severity: warning
    message: CI never ignores failures.
    file: .github/workflows/ci.yml
    yaml: /jobs/check/continue-on-error
    exists: false
`;
}

const files: FileTree = {
  'files/Dockerfile.hbs': 'FROM node:22-slim\nEXPOSE {{port}}\nCMD ["node", "src/server.js"]\n',
  'files/.github/workflows/ci.yml.hbs':
    'name: ci\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npx -p create-service platform check --format github\n      - uses: gitleaks/gitleaks-action@v2\n',
  'files/package.json.hbs':
    '{\n  "name": "{{name}}",\n  "private": true,\n  "engines": { "node": ">=22.15" },\n  "scripts": { "test": "node --test" }\n}\n',
  'files/README.md.hbs': '# {{name}}\n\nOn the paved road.\n',
  'files/src/otel.js': '// OpenTelemetry bootstrap\n',
  'files/src/server.js': 'console.log("hello");\n',
  'files/.gitignore': 'node_modules\n.env\n',
};

/** A `dir` catalog holding `svc` at the given versions. */
export async function templateCatalog(versions: string[] = ['1.0.0', '1.1.0']): Promise<string> {
  const root = await testdir();
  for (const version of versions)
    await writeTree(path.join(root, 'svc', version), {
      'template.yaml': manifest(version),
      ...files,
    });
  return root;
}

/** Renders `svc` with the built create-service bin into a fresh git repo. */
export async function renderService(
  catalog: string,
  version = '1.0.0',
  name = 'orders',
): Promise<string> {
  const parent = await testdir();
  const result = await runBin(
    'create-service',
    [
      name,
      '-t',
      `svc@${version}`,
      '--set',
      `name=${name}`,
      '-y',
      '--no-install',
      '--catalog',
      catalog,
    ],
    { cwd: parent },
  );
  if (result.exitCode !== 0) throw new Error(`create-service failed: ${result.stderr}`);
  const repo = path.join(parent, name);
  await addLockfileToFirstCommit(repo, name);
  return repo;
}

/** What `npm install` would add to the first commit; --no-install keeps tests offline and fast. */
export async function addLockfileToFirstCommit(repo: string, name: string): Promise<void> {
  await writeTree(repo, { 'package-lock.json': lockfileFor(name) });
  gitSync(repo, 'add', 'package-lock.json');
  gitSync(repo, 'commit', '--quiet', '--amend', '--no-edit');
}

/** The lockfile npm writes for a package without dependencies. */
export function lockfileFor(name: string): string {
  const root = { name, lockfileVersion: 3, requires: true, packages: { '': { name } } };
  return `${JSON.stringify(root, null, 2)}\n`;
}

/** A private copy of a rendered repo (with its .git), so each test can change it freely. */
export async function copyRepo(repo: string): Promise<string> {
  const dir = path.join(await testdir(), path.basename(repo));
  await cp(repo, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** Writes files into a repo and commits them. */
export function commit(repo: string, message = 'change'): void {
  gitSync(repo, 'add', '--all');
  gitSync(repo, 'commit', '--quiet', '--allow-empty', '-m', message);
}
