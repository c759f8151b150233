import { describe, expect, it } from 'vitest';
import { inShard, parseShard, sweepId } from '../../src/fleet/shard.js';
import {
  detectForge,
  githubCompareUrl,
  gitlabPushOptions,
  remoteLocation,
} from '../../src/rollout/forge.js';
import {
  mergeRequestText,
  rolloutBranch,
  rolloutCommitMessage,
} from '../../src/rollout/rollout-plan.js';

describe('forges', () => {
  it('comes from the remote host, or the flag', () => {
    expect(detectForge('git@github.com:acme/orders.git')).toBe('github');
    expect(detectForge('https://gitlab.com/acme/orders.git')).toBe('gitlab');
    expect(detectForge('ssh://git@gitlab.acme.dev:2222/acme/orders')).toBe('gitlab');
    expect(detectForge('https://git.acme.dev/acme/orders.git')).toBe('none');
    expect(detectForge('file:///srv/orders.git')).toBe('none');
    expect(detectForge('file:///srv/orders.git', 'gitlab')).toBe('gitlab');
    expect(remoteLocation('git@github.com:acme/orders.git')).toEqual({
      host: 'github.com',
      path: 'acme/orders',
    });
  });

  it('gives GitHub a compare URL and GitLab one-line push options', () => {
    expect(
      githubCompareUrl('git@github.com:acme/orders.git', 'main', 'platform/upgrade-x-1.1.0'),
    ).toBe('https://github.com/acme/orders/compare/main...platform%2Fupgrade-x-1.1.0?expand=1');
    const text = mergeRequestText(
      { template: 'x', from: '1.0.0', to: '1.1.0', conflicts: ['README.md'], patches: [] },
      'main',
    );
    const options = gitlabPushOptions({ ...text, description: `${text.description}\nsecond line` });
    expect(options).toContain('merge_request.label=platform:conflicts');
    expect(options.every((o) => !o.includes('\n'))).toBe(true);
  });
});

describe('rollout plan', () => {
  it('names the branch and writes a commit message with conflicts and patches', () => {
    expect(rolloutBranch('node-http-service', '1.1.0')).toBe(
      'platform/upgrade-node-http-service-1.1.0',
    );
    expect(rolloutBranch('x', '1.1.0', 'custom')).toBe('custom');
    const message = rolloutCommitMessage(
      'x',
      '1.0.0',
      '1.1.0',
      ['README.md'],
      ['.platform/upgrade/Dockerfile.local.patch'],
    );
    expect(message.split('\n')[0]).toBe('Upgrade x 1.0.0 → 1.1.0');
    expect(message).toMatch(/- README\.md\n/);
    expect(message).toMatch(/- \.platform\/upgrade\/Dockerfile\.local\.patch\n/);
  });
});

describe('shards', () => {
  it('parses i/n and refuses what is not a shard', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(undefined)).toEqual({ index: 1, count: 1 });
    for (const bad of ['3/2', '0/0', '0/3', '1/0', 'a/b', '1', '-1/2'])
      expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it('puts every repo in exactly one shard, stably', () => {
    const repos = Array.from({ length: 500 }, (_, i) => `team/svc-${i}`);
    const count = 5;
    const owners = repos.map((r) =>
      Array.from({ length: count }, (_, i) => i + 1).filter((i) => inShard(r, { index: i, count })),
    );
    expect(owners.every((o) => o.length === 1)).toBe(true);
    const sizes = Array.from(
      { length: count },
      (_, i) => owners.filter((o) => o[0] === i + 1).length,
    );
    expect(Math.min(...sizes)).toBeGreaterThan(500 / count / 2);
  });

  it('derives the sweep id from what defines the sweep, in any key order', () => {
    expect(sweepId('check', '/fleet', { a: 1, b: 2 })).toBe(
      sweepId('check', '/fleet', { b: 2, a: 1 }),
    );
    expect(sweepId('check', '/fleet', { a: 1 })).not.toBe(sweepId('upgrade', '/fleet', { a: 1 }));
    expect(sweepId('check', '/fleet', { a: 1 })).not.toBe(sweepId('check', '/other', { a: 1 }));
  });
});
