import { appendFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkRepo, failsAt, type FailOn } from '../../drift/check-repo.js';
import { checkFleet, findRepos } from '../../drift/fleet.js';
import { UserError } from '../../errors.js';
import { NO_PAINT, type CheckReport, type Paint } from '../../report/check-report.js';
import { parseFormat, type Format } from '../../report/formats.js';
import { formatGithub } from '../../report/github.js';
import { formatGitlab } from '../../report/gitlab.js';
import { formatJson } from '../../report/json.js';
import { formatJunit } from '../../report/junit.js';
import { formatMarkdown } from '../../report/markdown.js';
import { formatSarif } from '../../report/sarif.js';
import { formatText } from '../../report/text.js';
import { checkEventProps, setEventProject, setEventProps } from '../../telemetry/command-event.js';
import { CLI_VERSION } from '../../version.js';
import { createOutput } from '../output.js';
import { setProblemsFound } from '../exit.js';
import { chalkPaint } from './paint.js';
import { makeDir } from '../../make-dir.js';

export interface CheckFlags {
  format?: string;
  output?: string;
  failOn?: string;
  fleet?: string;
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
  const concurrency = parseConcurrency(flags.concurrency);
  const output = createOutput({ json: format === 'json' });
  const cwd = process.cwd();
  const common = {
    cwd,
    catalogs: flags.catalog ?? [],
    selection: { only: flags.only ?? [], skip: flags.skip ?? [] },
  };
  let report: CheckReport;
  if (flags.fleet === undefined && paths.length <= 1) {
    const { report: repo } = await checkRepo({ ...common, root: paths[0] ?? '.' });
    report = { repos: [repo], skipped: [], failOn, cliVersion: CLI_VERSION };
    setEventProject(repo.root);
  } else {
    const found = flags.fleet !== undefined ? await findFleet(path.resolve(cwd, flags.fleet)) : [];
    const result = await checkFleet({
      ...common,
      paths: [...paths, ...found],
      ...(concurrency && { concurrency }),
    });
    report = { ...result, failOn, cliVersion: CLI_VERSION };
  }
  setEventProps(checkEventProps(report.repos));
  const toFile = flags.output !== undefined;
  const text = await render(format, report, toFile ? NO_PAINT : chalkPaint(output.out));
  if (toFile) {
    const file = path.resolve(cwd, flags.output!);
    makeDir(path.dirname(file));
    await writeFile(file, text);
    output.log(`Wrote the ${format} report to ${path.relative(cwd, file) || file}.`);
  } else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  setProblemsFound(report.repos.some((r) => failsAt(r.findings, failOn)));
}

async function render(format: Format, report: CheckReport, paint: Paint): Promise<string> {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'gitlab':
      return formatGitlab(report);
    case 'junit':
      return formatJunit(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'github': {
      const { annotations, stepSummary } = formatGithub(report);
      // The step summary is a file GitHub renders on the run page; annotations go to stdout.
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) await appendFile(summaryFile, `${stepSummary}\n`);
      return annotations || 'platform check: no findings\n';
    }
    default:
      return `${formatText(report, paint)}\n`;
  }
}

async function findFleet(dir: string): Promise<string[]> {
  const kind = await stat(dir).catch(() => null);
  if (!kind?.isDirectory())
    throw new UserError(
      'INPUT',
      kind ? `--fleet ${dir} is not a folder` : `The folder ${dir} does not exist`,
      'Pass --fleet the folder that holds the service repos.',
    );
  const repos = await findRepos(dir);
  if (repos.length === 0)
    throw new UserError(
      'INPUT',
      `No git repositories found below ${dir}`,
      'Pass the folder that holds the service repos.',
    );
  return repos;
}

function parseFailOn(value: string): FailOn {
  if ((FAIL_ON as readonly string[]).includes(value)) return value as FailOn;
  throw new UserError(
    'USAGE',
    `Unknown --fail-on "${value}"`,
    `Use one of: ${FAIL_ON.join(', ')}.`,
  );
}

function parseConcurrency(value?: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UserError(
      'USAGE',
      `--concurrency must be a whole number from 1 to 64, not "${value}"`,
    );
  return n;
}
