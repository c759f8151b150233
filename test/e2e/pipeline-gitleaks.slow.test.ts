// Slow suite: the newest version of each built-in template, for each `ci` choice, rendered
// with git and scanned by the real gitleaks (the WASM build from npm) as the rendered CI does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeFindings,
  gitleaks,
  gitleaksVersion,
  pinnedGitleaksVersion,
} from '../helpers/gitleaks.js';
import { newestBuiltins, newestRenders, renderService } from '../helpers/newest-render.js';
import { gitdir } from '../helpers/testdir.js';

const MINUTE = 60_000;

describe('the gitleaks the suite runs', () => {
  it(
    'finds a secret-shaped literal, so a clean scan means something',
    async () => {
      const dir = await gitdir({
        'test/app.test.ts': "const API_KEY = 'a-test-key-of-32-characters-long';\n",
      });
      for (const mode of ['dir', 'git'] as const) {
        const scan = await gitleaks(mode, dir);
        expect(scan.exitCode, scan.output).toBe(1);
        expect(scan.findings.map((f) => f.RuleID)).toEqual(['generic-api-key']);
      }
    },
    4 * MINUTE,
  );

  it.each(newestBuiltins())(
    'is the version $id@$version pins in its GitLab secret-scan job',
    async ({ id, version }) => {
      const dir = await renderService({ id, version, ci: 'gitlab' }, { install: false });
      const pinned = pinnedGitleaksVersion(
        await readFile(path.join(dir, '.gitlab-ci.yml'), 'utf8'),
      );
      expect(pinned, 'no gitleaks image version in .gitlab-ci.yml').toBeDefined();
      const [major, minor] = (pinned ?? '').split('.');
      expect(await gitleaksVersion()).toMatch(new RegExp(`^${major}\\.${minor}\\.`));
    },
    MINUTE,
  );
});

describe.each(newestRenders())('gitleaks on $id@$version, ci=$ci', (template) => {
  let dir = '';
  beforeAll(async () => {
    dir = await renderService(template, { install: false });
  }, 4 * MINUTE);

  it(
    'finds nothing in the rendered files (gitleaks dir)',
    async () => {
      const scan = await gitleaks('dir', dir);
      expect(describeFindings(scan.findings)).toEqual([]);
      expect(scan.exitCode, scan.output).toBe(0);
    },
    4 * MINUTE,
  );

  it(
    'finds nothing in the first commit (gitleaks git)',
    async () => {
      const scan = await gitleaks('git', dir);
      expect(describeFindings(scan.findings)).toEqual([]);
      expect(scan.exitCode, scan.output).toBe(0);
    },
    4 * MINUTE,
  );
});
