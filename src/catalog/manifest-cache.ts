import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDir } from '../make-dir.js';
import { BUILD_ID } from '../version.js';
import type { Manifest } from './manifest.js';

/**
 * Reads `<dir>/template.yaml`, reusing the validated manifest cached under `cacheDir` when
 * the file's bytes are unchanged. A hit skips the YAML parser and the schema entirely, which
 * is most of a render's start-up; any cache problem just falls back to parsing. Synchronous
 * reads and writes: two small files, where the thread pool costs a round trip per call.
 */
export async function loadManifestCached(
  dir: string,
  label: string,
  cacheDir: string | undefined,
): Promise<Manifest> {
  const text = readFileSync(path.join(dir, 'template.yaml'), 'utf8');
  const key = createHash('sha256').update(`${BUILD_ID}\0${text}`).digest('hex');
  const file = cacheDir && path.join(cacheDir, 'manifests', `${key}.json`);
  if (file) {
    const cached = readEntry(readOrNull(file));
    if (cached) return cached;
  }
  const { parseManifest } = await import('./load-manifest.js');
  const manifest = await parseManifest(text, label);
  if (file)
    try {
      writeEntry(file, manifest);
    } catch {
      // A cache that cannot be written is only slower next time.
    }
  return manifest;
}

// An entry is the sha256 of its JSON on the first line, then the JSON: a torn, truncated or
// edited entry fails the check and is parsed again (and overwritten), never trusted.
function readEntry(entry: string | null): Manifest | null {
  if (entry === null) return null;
  const newline = entry.indexOf('\n');
  const json = entry.slice(newline + 1);
  if (newline !== 64 || digest(json) !== entry.slice(0, 64)) return null;
  try {
    return JSON.parse(json) as Manifest;
  } catch {
    return null;
  }
}

function writeEntry(file: string, manifest: Manifest) {
  makeDir(path.dirname(file));
  const json = JSON.stringify(manifest);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${digest(json)}\n${json}`);
  renameSync(tmp, file);
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
