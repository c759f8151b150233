import type { BadInputRow } from './row-runner.js';

const usage = (name: string, args: string[], message: RegExp): BadInputRow => ({
  name,
  args,
  exit: 2,
  message,
});

/** Usage errors of every subcommand: exit 2, never commander's exit 1. */
export const USAGE_ROWS: BadInputRow[] = [
  usage('platform --bogus', ['--bogus'], /unknown option '--bogus'/),
  usage('an unknown command', ['chek'], /unknown command 'chek'/),
  usage('check --bogus', ['check', '--bogus'], /unknown option '--bogus'/),
  usage('doctor --bogus', ['doctor', '--bogus'], /unknown option '--bogus'/),
  usage('diff --bogus', ['diff', '--bogus'], /unknown option '--bogus'/),
  usage('upgrade --bogus', ['upgrade', '--bogus'], /unknown option '--bogus'/),
  usage('adopt without -t', ['adopt'], /required option '-t, --template/),
  usage('adopt -t without a value', ['adopt', '-t'], /argument missing/),
  usage('insights with no files', ['insights'], /missing required argument 'files'/),
  usage('a bare templates', ['templates'], /Usage: platform templates/),
  usage('templates show without an id', ['templates', 'show'], /missing required argument/),
  usage(
    'templates validate without a dir',
    ['templates', 'validate'],
    /missing required argument 'dir'/,
  ),
  usage('templates test without a dir', ['templates', 'test'], /missing required argument 'dir'/),
  usage('templates bogus', ['templates', 'bogus'], /unknown command 'bogus'/),
  usage('telemetry enabel', ['telemetry', 'enabel'], /unknown command 'enabel'/),
  usage('a bare telemetry', ['telemetry'], /Usage: platform telemetry/),
  usage('config with no subcommand', ['config'], /Usage: platform config/),
  usage('config prnt', ['config', 'prnt'], /unknown command 'prnt'/),
  usage('check --format bogus', ['check', '--format', 'bogus'], /bogus/),
  usage('check --fail-on bogus', ['check', '--fail-on', 'bogus'], /bogus/),
  usage('check --output without a value', ['check', '--output'], /argument missing/),
  usage('upgrade with two paths', ['upgrade', 'a', 'b'], /too many arguments/),
  usage('doctor with two paths', ['doctor', 'a', 'b'], /too many arguments/),
  usage(
    'insights --format bogus',
    ['insights', 'none.jsonl', '--format', 'bogus'],
    /bogus|none\.jsonl/,
  ),
];

/** A misspelled rule id is only a note, with the closest known id: exit 0, nothing written. */
export const RULE_ID_ROWS: BadInputRow[] = [
  {
    name: 'a waiver naming a misspelled rule',
    // The fixture service is rendered without an install: no lockfile, which is not the point.
    args: ['check', '--catalog', '$CATALOG', '--skip', 'deps.lockfile-missing'],
    service: true,
    files: {
      '.platform/waivers.yaml':
        'waivers:\n  - rule: files.managed-modifed\n    reason: r\n    owner: me\n    expires: 2030-01-01\n',
    },
    exit: 0,
    message:
      /waiver on line 2 names the rule files\.managed-modifed.*did you mean files\.managed-modified\?/,
  },
  {
    name: 'config rules naming a misspelled rule',
    args: ['check', '--catalog', '$CATALOG', '--skip', 'deps.lockfile-missing'],
    service: true,
    files: { '.platformrc.json': '{"rules": {"template.outdatd": "off"}}' },
    exit: 0,
    message: /config's rules names the rule template\.outdatd.*did you mean template\.outdated\?/,
  },
];
