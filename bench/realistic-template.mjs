// A realistic 20-file template for the render benchmark: templated file names, ownership globs,
// four answers, conditionals, and `\{{ }}` escapes for CI expressions, as real templates have.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MANIFEST = `schemaVersion: 1
id: realistic
version: 1.0.0
name: Realistic service
description: Twenty files shaped like a real service template.
parameters:
  - name: name
    type: string
    required: true
    pattern: "^[a-z][a-z0-9-]{1,38}[a-z0-9]$"
  - { name: port, type: number, default: 8080 }
  - { name: owner, type: string, default: platform-team }
  - { name: database, type: enum, choices: [none, postgres], default: none }
files:
  managed: [".github/workflows/**", "Dockerfile", "src/*/instrumentation.ts"]
  seeded: ["src/**", "test/**"]
  when:
    "deploy/postgres/**": { database: postgres }
`;

const route = (i) => `import type { App } from '../server.js';

/** Route ${i} of {{name}}. */
export function route${i}(app: App): void {
  app.get('/{{kebabCase name}}/r${i}', async () => ({ service: {{json name}}, route: ${i} }));
{{#if (eq database "postgres")}}  app.get('/{{kebabCase name}}/r${i}/db', async () => ({ db: true }));
{{/if}}
}
`;

const FILES = {
  'package.json.hbs': `{
  "name": "{{name}}",
  "private": true,
  "type": "module",
  "engines": { "node": ">=24" },
  "scripts": { "build": "tsc", "test": "node --test", "start": "node dist/main.js" },
  "dependencies": { "fastify": "^5.0.0"{{#if (eq database "postgres")}}, "pg": "^8.0.0"{{/if}} }
}
`,
  'README.md.hbs':
    '# {{name}}\n\nOwned by {{owner}}. Listens on {{port}}.\n\n## Run\n\n```sh\nPORT={{port}} npm start\n```\n',
  'Dockerfile.hbs':
    'FROM node:24-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER node\nEXPOSE {{port}}\nCMD ["node", "dist/main.js"]\n',
  '.github/workflows/ci.yml.hbs': `name: ci
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
      - run: echo "image {{kebabCase name}}:$\\{{ github.sha }}"
      - run: npx -p create-service platform check --format github
        env:
          GITHUB_TOKEN: $\\{{ secrets.GITHUB_TOKEN }}
`,
  '.github/workflows/release.yml.hbs': `name: release
on: { push: { tags: ["v*"] } }
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t {{kebabCase name}}:$\\{{ github.ref_name }} .
`,
  'catalog-info.yaml.hbs':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {{kebabCase name}}\nspec:\n  type: service\n  owner: {{owner}}\n  lifecycle: experimental\n',
  '.env.example.hbs':
    'PORT={{port}}\n{{#if (eq database "postgres")}}DATABASE_URL=postgres://localhost/{{snakeCase name}}\n{{/if}}',
  '.gitignore': 'node_modules\ndist\n.env\n',
  'tsconfig.json':
    '{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "outDir": "dist" } }\n',
  'src/{{kebabCase name}}/server.ts.hbs':
    "import Fastify from 'fastify';\nexport type App = ReturnType<typeof Fastify>;\nexport const app: App = Fastify();\nexport const port = Number(process.env.PORT ?? {{port}});\n",
  'src/{{kebabCase name}}/instrumentation.ts.hbs':
    '// OpenTelemetry bootstrap for {{name}}.\nexport const serviceName = {{json name}};\n',
  'src/main.ts.hbs':
    "import { app, port } from './{{kebabCase name}}/server.js';\nawait app.listen({ port });\n",
  'test/{{kebabCase name}}.test.ts.hbs':
    "import { test } from 'node:test';\ntest('{{name}} starts', () => {});\n",
  'deploy/{{kebabCase name}}.yaml.hbs':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{kebabCase name}}\n  labels: { team: {{owner}} }\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports: [{ containerPort: {{port}} }]\n',
  'deploy/postgres/secret.yaml.hbs':
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{kebabCase name}}-db\n',
};
for (let i = 1; i <= 5; i++) FILES[`src/{{kebabCase name}}/routes/route-${i}.ts.hbs`] = route(i);

/** Writes the template into `<catalog>/realistic/1.0.0` and returns its files folder. */
export function writeRealisticTemplate(catalog) {
  const dir = path.join(catalog, 'realistic/1.0.0');
  for (const [file, content] of Object.entries({ 'template.yaml': MANIFEST, ...prefixed(FILES) })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return path.join(dir, 'files');
}

function prefixed(files) {
  return Object.fromEntries(Object.entries(files).map(([f, c]) => [`files/${f}`, c]));
}

/** The four answers, as `--set` flags and as the bare script's context. */
export const REALISTIC_ANSWERS = {
  name: 'orders-api',
  port: 9090,
  owner: 'team-orders',
  database: 'postgres',
};
