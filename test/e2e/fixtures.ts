import { catalogDir } from '../helpers/catalog.js';

/** Eight bytes that are not UTF-8 and include `{{`, to prove binary files are copied as is. */
export const PNG_BYTES = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x7b, 0x7b, 0x00, 0xfe,
]);

const parameters = [
  {
    name: 'name',
    type: 'string',
    prompt: 'Service name',
    required: true,
    pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$',
  },
  { name: 'port', type: 'number', prompt: 'Port', default: 8080 },
  {
    name: 'database',
    type: 'enum',
    prompt: 'Database',
    choices: ['none', 'postgres'],
    default: 'none',
  },
  { name: 'metrics', type: 'boolean', prompt: 'Expose metrics?', default: true },
];

/** A `dir` catalog with one template at two versions, covering every kind of file. */
export function fixtureCatalog() {
  const version = (v: string, extra: Record<string, string | Buffer> = {}) => ({
    manifest: {
      parameters,
      files: {
        managed: ['Dockerfile', '.github/**'],
        seeded: ['src/**'],
        when: { 'deploy/postgres/**': { database: 'postgres' } },
      },
    },
    files: {
      'package.json.hbs': `{ "name": "{{name}}", "version": "${v}", "private": true }\n`,
      'src/{{kebabCase name}}.ts.hbs':
        'export const port = {{port}};{{#if metrics}}\nexport const metrics = true;{{/if}}\n',
      Dockerfile: 'FROM node:22-slim\n',
      '.github/workflows/ci.yml.hbs': 'run: echo $\\{{ github.sha }} {{name}}\n',
      'deploy/postgres/secret.yaml.hbs': 'db: {{name}}\n',
      'assets/logo.png': PNG_BYTES,
      ...extra,
    },
  });
  return catalogDir({
    svc: { '1.0.0': version('1.0.0'), '1.1.0': version('1.1.0', { 'CHANGELOG.md': '# 1.1.0\n' }) },
  });
}
