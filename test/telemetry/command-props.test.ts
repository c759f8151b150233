import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';
import { gitdir, gitSync, testdir } from '../helpers/testdir.js';
import { telemetryEnv, type TelemetryEnv } from './telemetry-env.js';

interface DebugEvent {
  event: string;
  props: Record<string, unknown>;
}

// Debug mode prints each event on stderr and sends nothing: what a command would record.
function debugEvents(stderr: string): DebugEvent[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('[telemetry] {'))
    .map(
      (line) =>
        JSON.parse(line.slice('[telemetry] '.length).replace(/ \(debug: .*$/, '')) as DebugEvent,
    );
}

async function run(
  t: TelemetryEnv,
  bin: 'platform' | 'create-service',
  args: string[],
  cwd: string,
) {
  const result = await runBin(bin, args, { cwd, env: t.env });
  return { ...result, events: debugEvents(result.stderr) };
}

describe('check, doctor, adopt and upgrade describe their run in their events', () => {
  it('carries the template, findings by rule id, waived rule ids and upgrade versions', async () => {
    const t = await telemetryEnv({ consent: true, extra: { PLATFORM_TELEMETRY_DEBUG: '1' } });
    const parent = await testdir();
    const created = await run(
      t,
      'create-service',
      ['svc', '-t', 'node-http-service@1.0.0', '--set', 'name=svc', '--yes', '--no-install'],
      parent,
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const repo = path.join(parent, 'svc');
    // Rendered with --no-install, so there is no lockfile; that rule is not what this tests.
    await writeFile(
      path.join(repo, '.platformrc.json'),
      '{ "rules": { "deps.lockfile-missing": "off" } }\n',
    );

    await writeFile(path.join(repo, 'Dockerfile'), 'FROM node:latest\n');
    await writeFile(
      path.join(repo, '.platform/waivers.yaml'),
      'waivers:\n  - rule: template.outdated\n    reason: next sprint\n    owner: team-a\n    expires: 2999-01-01\n',
    );
    const check = await run(t, 'platform', ['check', '--format', 'json'], repo);
    expect(check.exitCode).toBe(1);
    expect(check.events).toEqual([
      expect.objectContaining({
        event: 'check',
        props: expect.objectContaining({
          command: 'check',
          outcome: 'problems',
          template: 'node-http-service',
          templateVersion: '1.0.0',
          catalogKind: 'builtin',
          findings: { 'files.managed-modified': 1, 'template.container-non-root': 1 },
          waived: ['template.outdated'],
        }),
      }),
    ]);
    // The Dockerfile edit is uncommitted: --fix replaces it only with --allow-dirty.
    const doctor = await run(t, 'platform', ['doctor', '--fix', '--allow-dirty'], repo);
    expect(doctor.exitCode, doctor.stdout).toBe(0);
    expect(doctor.events[0]?.props).toMatchObject({
      command: 'doctor',
      findings: {},
      waived: ['template.outdated'],
    });

    gitSync(repo, 'add', '-A');
    gitSync(repo, 'commit', '-qm', 'fix drift');
    const dry = await run(t, 'platform', ['upgrade', '--dry-run', '--yes'], repo);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.events).toEqual([]);
    const upgrade = await run(t, 'platform', ['upgrade', '--yes'], repo);
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    expect(upgrade.events[0]?.props).toMatchObject({
      command: 'upgrade',
      outcome: 'success',
      template: 'node-http-service',
      catalogKind: 'builtin',
      fromVersion: '1.0.0',
      toVersion: expect.stringMatching(/^1\.[1-9]\d*\.\d+$/),
      conflicts: 0,
    });

    const legacy = await gitdir({ 'package.json': '{"name":"legacy"}\n' });
    const adopt = await run(t, 'platform', ['adopt', '--template', 'node-http-service'], legacy);
    expect(adopt.exitCode, adopt.stderr).toBe(0);
    expect(adopt.events[0]).toMatchObject({
      event: 'adopt',
      props: {
        command: 'adopt',
        template: 'node-http-service',
        catalogKind: 'builtin',
        findings: expect.objectContaining({ 'files.managed-missing': expect.any(Number) }),
      },
    });
  });
});
