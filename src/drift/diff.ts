import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { loadConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import type { RenderPlan, TemplateRecord } from '../render/plan-render.js';
import { STATE_FILE } from '../state/service-state.js';
import { serviceRoot } from '../state/service-root.js';
import { gatherFacts } from './gather-facts.js';

/** One file that differs from the paved road. */
export interface FileDiff {
  path: string;
  owner: 'managed' | 'merged';
  change: 'modified' | 'missing';
  /** A unified diff from the render (a/) to the work tree (b/). */
  patch: string;
}

/** Unified diffs of the managed and merged files against the render; seeded files are the team's. */
export async function diffAgainstRender(root: string, render: RenderPlan): Promise<FileDiff[]> {
  const diffs: FileDiff[] = [];
  for (const file of render.files) {
    if (file.owner === 'seeded') continue;
    const actual = await readWorkTree(path.join(root, file.path));
    const expected = file.kind === 'symlink' ? Buffer.from(file.linkTarget ?? '') : file.content;
    if (actual && actual.equals(expected)) continue;
    diffs.push({
      path: file.path,
      owner: file.owner,
      change: actual ? 'modified' : 'missing',
      patch: unifiedPatch(file.path, expected, actual),
    });
  }
  return diffs;
}

async function readWorkTree(full: string): Promise<Buffer | null> {
  const stat = await lstat(full).catch(() => null);
  if (!stat) return null;
  if (stat.isSymbolicLink()) return Buffer.from(await readlink(full));
  return stat.isFile() ? readFile(full) : null;
}

function unifiedPatch(file: string, expected: Buffer, actual: Buffer | null): string {
  const binary = expected.includes(0) || (actual?.includes(0) ?? false);
  const header = `diff --platform a/${file} b/${file}\n`;
  if (binary)
    return `${header}Binary files a/${file} and ${actual ? `b/${file}` : '/dev/null'} differ\n`;
  const patch = createTwoFilesPatch(
    `a/${file}`,
    actual ? `b/${file}` : '/dev/null',
    expected.toString('utf8'),
    actual ? actual.toString('utf8') : '',
    undefined,
    undefined,
    { context: 3 },
  );
  // jsdiff starts with a row of '=' and an Index line; git-style headers read better.
  return header + patch.replace(/^(Index:.*\n)?=+\n/, '');
}

/** Re-renders a repo's recorded version and diffs its managed and merged files against it. */
export async function diffRepo(options: {
  root: string;
  cwd?: string;
  catalogs?: string[];
  env?: NodeJS.ProcessEnv;
}): Promise<{ template: TemplateRecord; diffs: FileDiff[] }> {
  const cwd = options.cwd ?? process.cwd();
  const root = serviceRoot(path.resolve(cwd, options.root));
  const env = options.env ?? process.env;
  const facts = await gatherFacts({
    root,
    cwd,
    config: await loadConfig({ cwd: root, env }),
    catalogs: options.catalogs ?? [],
    env,
    render: 'always',
  });
  if (!facts.state)
    throw new UserError(
      'PRECONDITION',
      `${root} has no ${STATE_FILE}: there is no paved road to compare with`,
      'Link it first with `platform adopt --template <id>`.',
    );
  if (facts.template.kind === 'unknown')
    throw new UserError(
      'TEMPLATE_NOT_FOUND',
      `${facts.template.id}@${facts.template.version} is not in any catalog: ${facts.template.reason}`,
      facts.template.hint ?? 'Pass the catalog that holds it with --catalog.',
    );
  if (!facts.render) throw new Error('the recorded version was found but not rendered');
  return { template: facts.state.template, diffs: await diffAgainstRender(root, facts.render) };
}
