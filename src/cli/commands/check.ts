import path from 'node:path';
import { checkRepo, failsAt, type FailOn } from '../../drift/check-repo.js';
import { checkFleet } from '../../drift/fleet.js';
import { UserError } from '../../errors.js';
import { findFleet, repoIdentity } from '../../fleet/find-repos.js';
import { inShard, parseShard, sweepId } from '../../fleet/shard.js';
import type { CheckReport } from '../../report/check-report.js';
import { parseFormat } from '../../report/formats.js';
import { checkEventProps, setEventProject, setEventProps } from '../../telemetry/command-event.js';
import { CLI_VERSION } from '../../version.js';
import { createOutput } from '../output.js';
import { setProblemsFound } from '../exit.js';
import { parseConcurrency } from './parse-concurrency.js';
import { writeCheckReport } from './write-check-report.js';

export interface CheckFlags {
  format?: string;
  output?: string;
  failOn?: string;
  fleet?: string;
  shard?: string;
  catalog?: string[];
  only?: string[];
  skip?: string[];
  concurrency?: string;
  json?: boolean;
}

const FAIL_ON = ['error', 'warning', 'never'] as const;

/** `platform check [paths...]`: the CI view; several paths or --fleet check many repos. */
export async function runCheck(paths: string[], flags: CheckFlags): Promise<void> {
  const format = flags.json ? 'json' : parseFormat(flags.format ?? 'text');
  const failOn = parseFailOn(flags.failOn ?? 'error');
  const concurrency =
    flags.concurrency === undefined ? undefined : parseConcurrency(flags.concurrency);
  const output = createOutput({ json: format === 'json' });
  const cwd = process.cwd();
  const common = {
    cwd,
    catalogs: flags.catalog ?? [],
    selection: { only: flags.only ?? [], skip: flags.skip ?? [] },
  };
  let report: CheckReport;
  if (flags.shard !== undefined && flags.fleet === undefined)
    throw new UserError('USAGE', '--shard splits a --fleet', 'Add --fleet <dir>, or drop --shard.');
  if (flags.fleet === undefined && paths.length <= 1) {
    const { report: repo } = await checkRepo({ ...common, root: paths[0] ?? '.' });
    report = { repos: [repo], skipped: [], failOn, cliVersion: CLI_VERSION };
    setEventProject(repo.root);
  } else {
    const fleet = flags.fleet !== undefined ? path.resolve(cwd, flags.fleet) : undefined;
    const shard = parseShard(flags.shard);
    const found = fleet !== undefined ? await findFleet(fleet) : [];
    const result = await checkFleet({
      ...common,
      paths: [...paths, ...found.filter((dir) => inShard(repoIdentity(fleet!, dir), shard))],
      ...(concurrency && { concurrency }),
    });
    report = { ...result, failOn, cliVersion: CLI_VERSION };
    if (fleet !== undefined) {
      const options = { paths, failOn, ...common.selection, catalogs: common.catalogs };
      report.sweep = { id: sweepId('check', fleet, options), command: 'check', shard };
    }
  }
  setEventProps(checkEventProps(report.repos));
  await writeCheckReport(report, format, {
    output,
    cwd,
    ...(flags.output !== undefined && { file: flags.output }),
  });
  setProblemsFound(report.repos.some((r) => failsAt(r.findings, failOn)));
}

function parseFailOn(value: string): FailOn {
  if ((FAIL_ON as readonly string[]).includes(value)) return value as FailOn;
  throw new UserError(
    'USAGE',
    `Unknown --fail-on "${value}"`,
    `Use one of: ${FAIL_ON.join(', ')}.`,
  );
}
