import { UserError } from '../errors.js';

/** Where merge requests are opened: push options on GitLab, `gh` on GitHub, none elsewhere. */
export type Forge = 'github' | 'gitlab' | 'none';

const FORGES: readonly Forge[] = ['github', 'gitlab', 'none'];

/** Parses `--forge`; undefined means "from the remote's host". */
export function parseForge(text: string | undefined): Forge | undefined {
  if (text === undefined) return undefined;
  if ((FORGES as readonly string[]).includes(text)) return text as Forge;
  throw new UserError(
    'USAGE',
    `--forge ${text}: unknown forge`,
    `Use one of: ${FORGES.join(', ')}.`,
  );
}

/** The host and `owner/name` path of a remote URL (https, ssh or scp-like), or null. */
export function remoteLocation(remote: string): { host: string; path: string } | null {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(remote);
  const text =
    scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) ? `ssh://${scp[1]}/${scp[2]}` : remote;
  try {
    const url = new URL(text);
    if (!url.hostname) return null;
    const path = decodeURIComponent(url.pathname)
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/i, '');
    return { host: url.hostname.toLowerCase(), path };
  } catch {
    return null;
  }
}

/** The forge of a remote, from its host: github.com, gitlab.com or a host named gitlab.*. */
export function detectForge(remote: string | null, flag?: Forge): Forge {
  if (flag) return flag;
  const host = remote ? remoteLocation(remote)?.host : undefined;
  if (!host) return 'none';
  if (host === 'github.com' || host.startsWith('github.')) return 'github';
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return 'gitlab';
  return 'none';
}

/** What a merge request says; one line each, as push options allow no newline. */
export interface MergeRequestText {
  target: string;
  title: string;
  description: string;
  labels: string[];
}

/**
 * GitLab push options that open the merge request, or update the open one from the same
 * branch: GitLab never opens a second request for a branch that has one.
 */
export function gitlabPushOptions(mr: MergeRequestText): string[] {
  return [
    'merge_request.create',
    `merge_request.target=${mr.target}`,
    `merge_request.title=${oneLine(mr.title)}`,
    `merge_request.description=${oneLine(mr.description)}`,
    ...mr.labels.map((l) => `merge_request.label=${oneLine(l)}`),
  ];
}

/** The page where a person opens the pull request by hand, when `gh` cannot. */
export function githubCompareUrl(remote: string, base: string, branch: string): string | null {
  const location = remoteLocation(remote);
  if (!location) return null;
  const host = location.host === 'github.com' ? 'github.com' : location.host;
  return `https://${host}/${location.path}/compare/${encodeURIComponent(base)}...${encodeURIComponent(branch)}?expand=1`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
