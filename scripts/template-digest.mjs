// The digest of one released template version's folder: sha256 over its files' relative paths
// (sorted, `/`-separated) and contents, links by their target. released-templates.json holds
// one per released version; test/catalog/released-templates.test.ts recomputes them.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** `sha256:<hex>` of every file under `dir`, in path order. */
export function templateDigest(dir) {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    const full = path.join(dir, ...file.split('/'));
    const stat = lstatSync(full);
    const content = stat.isSymbolicLink() ? `link:${readlinkSync(full)}` : readFileSync(full);
    const kind = stat.isSymbolicLink() ? 'l' : stat.mode & 0o111 ? 'x' : 'f';
    hash.update(`${file}\0${kind}\0`);
    hash.update(createHash('sha256').update(content).digest('hex'));
    hash.update('\n');
  }
  return `sha256:${hash.digest('hex')}`;
}

function listFiles(dir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else files.push(rel);
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
