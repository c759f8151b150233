import type { BadInputRow } from './row-runner.js';
import { aliasBomb } from './create-rows.js';

const onService = (
  name: string,
  args: string[],
  files: Record<string, string | Buffer>,
  message: RegExp,
  exit = 2,
): BadInputRow => ({ name, args, files, service: true, exit, message });

const state = (fields: Record<string, unknown>) =>
  JSON.stringify({
    schemaVersion: 1,
    template: { catalog: 'builtin', id: 'x', version: '1.0.0' },
    cli: 'x',
    createdAt: 'x',
    updatedAt: 'x',
    ...fields,
  });

const waiver = (fields: string) =>
  `waivers:\n  - rule: files.managed-modified\n    reason: r\n    owner: me\n${fields}`;

/** State files, waivers and repo config a repo under check can hold. */
export const REPO_ROWS: BadInputRow[] = [
  onService(
    'a state file that is not JSON',
    ['check'],
    { '.platform/service.json': '{ torn' },
    /service\.json is not valid JSON/,
  ),
  onService(
    'a state file that is a list',
    ['check'],
    { '.platform/service.json': '[]' },
    /service\.json is invalid/,
  ),
  onService(
    'a state file from the future',
    ['check'],
    { '.platform/service.json': '{"schemaVersion": 9}' },
    /schemaVersion 9, newer/,
  ),
  onService(
    'a state file without a template',
    ['check'],
    { '.platform/service.json': '{"schemaVersion": 1}' },
    /service\.json is invalid[\s\S]*template/,
  ),
  onService(
    'a state file with a bad sha256',
    ['check'],
    {
      '.platform/service.json': state({
        answers: {},
        files: { a: { owner: 'managed', sha256: 'nope' } },
      }),
    },
    /files\.a\.sha256: must be a sha256/,
  ),
  onService(
    'a state file with an unknown owner',
    ['check'],
    {
      '.platform/service.json': state({
        answers: {},
        files: { a: { owner: 'mine', sha256: 'a'.repeat(64) } },
      }),
    },
    /files\.a\.owner/,
  ),
  onService(
    'a state file with an object answer',
    ['check'],
    {
      '.platform/service.json': state({ answers: { name: {} }, files: {} }),
    },
    /answers\.name/,
  ),
  {
    name: 'a state file that is a folder',
    args: ['check'],
    git: true,
    files: { '.platform/service.json/x': '' },
    exit: 2,
    message: /service\.json is (not a file|a folder)/,
  },
  {
    name: 'doctor on a state file that is a folder',
    args: ['doctor'],
    git: true,
    files: { '.platform/service.json/x': '' },
    exit: 2,
    message: /service\.json is (not a file|a folder)/,
  },
  onService(
    'diff on a torn state file',
    ['diff'],
    { '.platform/service.json': '{' },
    /service\.json is not valid JSON/,
  ),
  onService(
    'upgrade on a torn state file',
    ['upgrade', '--dry-run'],
    { '.platform/service.json': '{' },
    /service\.json is not valid JSON/,
  ),
  onService(
    'waivers that are not YAML',
    ['check'],
    { '.platform/waivers.yaml': 'waivers: [\n' },
    /waivers\.yaml is not valid YAML/,
  ),
  onService(
    'waivers with an alias bomb',
    ['check'],
    { '.platform/waivers.yaml': aliasBomb('waivers') },
    /waivers\.yaml cannot be read: .*alias/i,
  ),
  onService(
    'a waiver on a day that does not exist',
    ['check'],
    { '.platform/waivers.yaml': waiver('    expires: 2026-02-30\n') },
    /waivers\[0\]\.expires: must be a date written YYYY-MM-DD, and a day that exists/,
  ),
  onService(
    'a waiver in month 13',
    ['check'],
    { '.platform/waivers.yaml': waiver('    expires: 2026-13-01\n') },
    /waivers\[0\]\.expires/,
  ),
  onService(
    'a waiver dated in words',
    ['check'],
    { '.platform/waivers.yaml': waiver('    expires: next week\n') },
    /waivers\[0\]\.expires/,
  ),
  onService(
    'a waiver without a reason',
    ['check'],
    {
      '.platform/waivers.yaml':
        'waivers:\n  - rule: files.x\n    owner: me\n    expires: 2030-01-01\n',
    },
    /waivers\[0\]\.reason/,
  ),
  onService(
    'a waiver without an owner',
    ['check'],
    {
      '.platform/waivers.yaml':
        'waivers:\n  - rule: files.x\n    reason: r\n    expires: 2030-01-01\n',
    },
    /waivers\[0\]\.owner/,
  ),
  onService(
    'a waiver with a bad rule id',
    ['check'],
    {
      '.platform/waivers.yaml': waiver('    expires: 2030-01-01\n').replace(
        'files.managed-modified',
        'Not A Rule',
      ),
    },
    /waivers\[0\]\.rule/,
  ),
  onService(
    'a waiver with an unknown key',
    ['check'],
    { '.platform/waivers.yaml': waiver('    expires: 2030-01-01\n    colour: red\n') },
    /colour/,
  ),
  onService(
    'waivers that are a list',
    ['check'],
    { '.platform/waivers.yaml': '- a\n' },
    /waivers\.yaml is invalid/,
  ),
  onService(
    'waivers that are a folder',
    ['check'],
    { '.platform/waivers.yaml/x': '' },
    /waivers\.yaml is (not a file|a folder)/,
  ),
  onService('a broken package.json', ['check'], { 'package.json': '{ broken' }, /package\.json/),
  onService(
    'a broken package.json under doctor',
    ['doctor'],
    { 'package.json': '{ broken' },
    /package\.json/,
  ),
  onService(
    'a .platformrc that is not YAML',
    ['check'],
    { '.platformrc': 'rules: [\n' },
    /\.platformrc/,
  ),
  onService(
    'a config rule set to a bad level',
    ['check'],
    { '.platformrc.json': '{"rules": {"files.managed-modified": "loud"}}' },
    /rules\.files\.managed-modified/,
  ),
  onService(
    'a config with an unknown key',
    ['check'],
    { '.platformrc.json': '{"colour": "red"}' },
    /colour/,
  ),
  onService(
    'a config with catalogs not a list',
    ['check'],
    { '.platformrc.json': '{"catalogs": "builtin"}' },
    /catalogs/,
  ),
  onService(
    'a config extending a missing preset',
    ['check'],
    { '.platformrc.json': '{"extends": "@nope/preset"}' },
    /extends names "@nope\/preset"/,
  ),
  onService(
    'a JSON config with a syntax error',
    ['check'],
    { 'platform.config.json': '{"rules": }' },
    /platform\.config\.json/,
  ),
  onService(
    'check --output into a folder',
    ['check', '--output', 'src'],
    {},
    /src is a folder, where a file was expected/,
  ),
  onService(
    'check --output below a file',
    ['check', '--output', 'Dockerfile/report.json'],
    {},
    /Dockerfile/,
  ),
  {
    name: 'adopt an unknown template',
    args: ['adopt', '-t', 'nope', '--catalog', '$CATALOG'],
    git: true,
    files: { 'a.txt': 'x' },
    exit: 2,
    message: /Unknown template "nope"/,
  },
  {
    name: 'adopt with a __proto__ answer',
    args: ['adopt', '-t', 'svc@1.1.0', '--set', '__proto__=x', '--catalog', '$CATALOG'],
    git: true,
    files: { 'a.txt': 'x' },
    exit: 2,
    message: /--set __proto__: a reserved name/,
  },
  {
    name: 'adopt a folder that is not a repo',
    args: ['adopt', '-t', 'svc@1.1.0', '--catalog', '$CATALOG'],
    files: { 'a.txt': 'x' },
    exit: 2,
    message: /not a git repository|git init/,
  },
  onService(
    'upgrade --to a version that does not exist',
    ['upgrade', '--to', '9.9.9', '--dry-run', '--catalog', '$CATALOG'],
    {},
    /9\.9\.9/,
  ),
  onService(
    'upgrade --to a bad version',
    ['upgrade', '--to', 'latest!', '--dry-run', '--catalog', '$CATALOG'],
    {},
    /latest!/,
  ),
  {
    name: 'check on a folder that is not a repo',
    args: ['check', 'nowhere'],
    exit: 2,
    message: /nowhere/,
  },
  { name: 'doctor on a file', args: ['doctor', 'f'], files: { f: 'x' }, exit: 2, message: /\bf\b/ },
  {
    name: 'insights on a missing file',
    args: ['insights', 'none.jsonl'],
    exit: 2,
    message: /none\.jsonl/,
  },
  {
    name: 'insights on a folder',
    args: ['insights', 'd'],
    files: { 'd/x': '' },
    exit: 2,
    message: /\bd\b/,
  },
];
