import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../helpers/run-bin.js';
import { testdir } from '../helpers/testdir.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `insights-html: SKIPPING the browser half: ${CHROMIUM} is missing (apt-get install -y chromium)`,
  );

const T = 'node-http-service';
const line = (event: string, time: string, projectId: string | null, props: object) =>
  JSON.stringify({
    event,
    schemaVersion: 1,
    time,
    anonymousId: '0b6f7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
    projectId,
    sessionId: '1b6f7c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
    cli: { version: '0.1.0' },
    env: { node: '20.0.0', os: 'linux', osVersion: '6', arch: 'x64', ci: false, ciVendor: null },
    props: { command: event, outcome: 'success', durationMs: 10, template: T, ...props },
  });
const EVENTS = [
  line('create', '2026-01-01T10:00:00Z', 'p1', { templateVersion: '1.0.0' }),
  line('check', '2026-01-01T11:00:00Z', 'p1', { templateVersion: '1.0.0', findings: {} }),
  line('create', '2026-01-02T10:00:00Z', 'p2', { templateVersion: '1.0.0' }),
  line('check', '2026-01-03T10:00:00Z', 'p2', {
    templateVersion: '1.0.0',
    findings: { 'ci.workflow-missing': 1 },
    waived: ['deps.lockfile'],
  }),
  line('upgrade', '2026-01-08T10:00:00Z', 'p1', { fromVersion: '1.0.0', toVersion: '1.1.0' }),
  line('check', '2026-01-09T10:00:00Z', null, { templateVersion: '1.1.0', findings: {} }),
  // A label with markup must come out as text, never as HTML.
  line('create', '2026-01-09T11:00:00Z', 'p3', { template: '<b>x</b>', templateVersion: '1.0.0' }),
].join('\n');

const SECTIONS = ['adoption', 'versions', 'drift', 'waivers', 'first-green', 'propagate'];
const CHARTS = [
  'adoption-by-week',
  'version-spread',
  'rollout-progress',
  'drift-rate',
  'top-failing-rules',
  'top-waived-rules',
  'time-to-first-green',
  'time-to-propagate',
];

describe('platform insights --format html', () => {
  it('writes one self-contained page: every section and chart, nothing fetched', async () => {
    const dir = await testdir({ 'events.jsonl': `${EVENTS}\n` });
    const run = await runBin(
      'platform',
      ['insights', 'events.jsonl', '--format', 'html', '--output', 'report.html'],
      { cwd: dir },
    );
    expect(run.exitCode).toBe(0);
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    for (const id of SECTIONS) expect(html).toContain(`<section id="${id}">`);
    for (const chart of CHARTS) expect(html).toContain(`data-chart="${chart}"`);
    expect(html).toContain('@media print');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    // Nothing that a browser would fetch: no URL, script, link, import or font.
    expect(html).not.toMatch(/https?:|\/\/[a-z]|<script|<link|@import|url\(|@font-face|<img/i);
    expect(html).toMatch(/1 without a project id/);
  });

  it.skipIf(!hasChromium)(
    'renders in headless Chromium, which finds the same DOM; keeps a screenshot',
    async () => {
      const dir = await testdir({ 'events.jsonl': `${EVENTS}\n` });
      await runBin(
        'platform',
        ['insights', 'events.jsonl', '--format', 'html', '--output', 'report.html'],
        { cwd: dir },
      );
      const artifacts = path.join(ROOT, 'test-artifacts');
      await mkdir(artifacts, { recursive: true });
      const shot = path.join(artifacts, 'insights-report.png');
      const profile = await testdir();
      const flags = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
      ];
      const url = pathToFileURL(path.join(dir, 'report.html')).href;
      const run = promisify(execFile);
      const { stdout: dom } = await run(CHROMIUM, [...flags, '--dump-dom', url], {
        maxBuffer: 16 << 20,
      });
      for (const id of SECTIONS) expect(dom).toMatch(new RegExp(`<section id="${id}">`));
      for (const chart of CHARTS) expect(dom).toContain(`data-chart="${chart}"`);
      expect(dom.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(CHARTS.length);
      await run(CHROMIUM, [...flags, `--screenshot=${shot}`, '--window-size=900,3000', url]);
      expect(existsSync(shot)).toBe(true);
    },
    120_000,
  );
});
