import { RepoFiles } from '../state/repo-files.js';
import type { FileMap } from './file-map.js';

/**
 * The service's files at `paths`, skipping those that do not exist. A path behind a link out
 * of the service, or too large to keep a copy of, is exit 2: the upgrade would otherwise merge
 * bytes from outside into the service.
 */
export function readServiceFiles(dir: string, paths: Iterable<string>): Promise<FileMap> {
  return new Promise((resolve) => {
    const repo = new RepoFiles(dir);
    const wanted = [...new Set(paths)];
    repo.assertReadable(wanted, 'platform upgrade');
    const files: FileMap = new Map();
    for (const file of wanted) {
      const version = repo.readBytes(file, 'platform upgrade');
      if (version) files.set(file, version);
    }
    resolve(files);
  });
}
