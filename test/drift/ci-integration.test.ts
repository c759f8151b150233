import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-bin.js';

interface Step {
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
}

describe('the composite GitHub Action', () => {
  it('is a composite action whose run steps name a shell and whose inputs are declared', async () => {
    const text = await readFile(path.join(ROOT, 'action.yml'), 'utf8');
    const action = parse(text) as {
      inputs: Record<string, unknown>;
      runs: { using: string; steps: Step[] };
    };
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) if (step.run) expect(step.shell).toBe('bash');
    const used = [...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]);
    for (const name of used) expect(Object.keys(action.inputs)).toContain(name);
    const uploads = action.runs.steps.filter((s) =>
      s.uses?.startsWith('github/codeql-action/upload-sarif'),
    );
    expect(uploads).toHaveLength(1);
    expect(text).toContain('--format sarif');
    expect(text).toContain('--format github');
  });
});

describe('the GitLab CI template', () => {
  it('runs the check with the Code Quality and junit reports as artifacts', async () => {
    const text = await readFile(path.join(ROOT, 'ci/gitlab/platform-check.yml'), 'utf8');
    const job = (
      parse(text) as Record<
        string,
        { script: string[]; artifacts: { when: string; reports: Record<string, string> } }
      >
    )['platform-check']!;
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports).toEqual({
      codequality: 'gl-code-quality-report.json',
      junit: 'platform-check.junit.xml',
    });
    expect(job.script.join('\n')).toMatch(
      /platform check .*--format gitlab --output gl-code-quality-report\.json/,
    );
  });
});
