// `npm run templates:release <id>@<version>`: freezes a built-in template version by adding
// the digest of its folder to released-templates.json. From then on the version is never
// edited; changes go into a new version.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateDigest } from './template-digest.mjs';

const root = fileURLToPath(new URL('../templates/', import.meta.url));
const registry = fileURLToPath(new URL('../released-templates.json', import.meta.url));
const ref = process.argv[2] ?? '';
const match = /^([a-z0-9-]+)@(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/.exec(ref);
if (!match) {
  console.error('Usage: npm run templates:release <id>@<version>, e.g. node-worker@1.2.0');
  process.exit(2);
}
const [, id, version] = match;
const dir = path.join(root, id, version);
if (!existsSync(path.join(dir, 'template.yaml'))) {
  console.error(`No template at templates/${id}/${version}/template.yaml`);
  process.exit(2);
}
const released = existsSync(registry) ? JSON.parse(readFileSync(registry, 'utf8')) : {};
if (released[ref]) {
  console.error(`${ref} is already released; changes go into a new version.`);
  process.exit(2);
}
released[ref] = templateDigest(dir);
const sorted = Object.fromEntries(
  Object.keys(released)
    .sort()
    .map((key) => [key, released[key]]),
);
writeFileSync(registry, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`Released ${ref}: ${released[ref]}`);
