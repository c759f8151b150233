import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_ID } from '../version.js';
import type { Manifest } from './manifest.js';

/**
 * Reads `<dir>/template.yaml`, reusing the validated manifest cached under `cacheDir` when
 * the file's bytes are unchanged. A hit skips the YAML parser and the schema entirely, which
 * is most of a render's start-up; any cache problem just falls back to parsing.
 */
export async function loadManifestCached(
  dir: string,
  label: string,
  cacheDir: string | undefined,
): Promise<Manifest> {
  const text = await readFile(path.join(dir, 'template.yaml'), 'utf8');
  const key = createHash('sha256').update(`${BUILD_ID}\0${text}`).digest('hex');
  const file = cacheDir && path.join(cacheDir, 'manifests', `${key}.json`);
  if (file) {
    const cached = await readFile(file, 'utf8').catch(() => null);
    if (cached !== null) {
      try {
        return JSON.parse(cached) as Manifest;
      } catch {
        // A torn or corrupt entry: parse again and overwrite it.
      }
    }
  }
  const { parseManifest } = await import('./load-manifest.js');
  const manifest = parseManifest(text, label);
  if (file) await writeAtomically(file, JSON.stringify(manifest)).catch(() => {});
  return manifest;
}

async function writeAtomically(file: string, content: string) {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
