import type { BadInputRow } from './row-runner.js';

const create = (
  name: string,
  args: string[],
  exit: number,
  message: RegExp,
  extra: Partial<BadInputRow> = {},
): BadInputRow => ({
  name,
  bin: 'create-service',
  args: [...args, '--catalog', '$CATALOG', '--no-install'],
  exit,
  message,
  ...extra,
});
const svc = (...args: string[]) => ['out', '-t', 'svc@1.1.0', '--yes', ...args];
const named = (...args: string[]) => svc('--set', 'name=orders', ...args);

/** Bad flags and answers for `create-service`. */
export const FLAG_ROWS: BadInputRow[] = [
  create('an unknown option', ['out', '--bogus'], 2, /unknown option '--bogus'/),
  {
    name: 'a missing option value',
    bin: 'create-service',
    args: ['out', '-t'],
    exit: 2,
    message: /option '-t, --template .*' argument missing/,
  },
  create('two directories', ['a', 'b', '-t', 'svc'], 2, /too many arguments/),
  create('an unknown template', ['out', '-t', 'nope', '--yes'], 2, /Unknown template "nope"/),
  create('a template id with a path', ['out', '-t', '../svc', '--yes'], 2, /\.\.\/svc/),
  create(
    'an unknown version',
    ['out', '-t', 'svc@^9', '--yes'],
    2,
    /No version of svc matches "\^9"/,
  ),
  create(
    'a bad range',
    ['out', '-t', 'svc@latest!', '--yes'],
    2,
    /is not a semver version or range/,
  ),
  create('an empty template', ['out', '-t', '', '--yes'], 2, /template|Template/),
  create('no template when not interactive', ['out', '--yes'], 2, /No template given/),
  create('--set without =', svc('--set', 'name'), 2, /--set name: expected key=value/),
  create('--set with an empty key', svc('--set', '=x'), 2, /--set =x: expected key=value/),
  create('--set __proto__', svc('--set', '__proto__=x'), 2, /--set __proto__: a reserved name/),
  create(
    '--set constructor (undeclared)',
    named('--set', 'constructor=x'),
    2,
    /Unknown parameter\(s\): constructor/,
  ),
  create(
    '--set prototype (undeclared)',
    named('--set', 'prototype=x'),
    2,
    /Unknown parameter\(s\): prototype/,
  ),
  create(
    '--set toString (undeclared)',
    named('--set', 'toString=x'),
    2,
    /Unknown parameter\(s\): toString/,
  ),
  create(
    '--set hasOwnProperty',
    named('--set', 'hasOwnProperty=x'),
    2,
    /Unknown parameter\(s\): hasOwnProperty/,
  ),
  create('--set valueOf', named('--set', 'valueOf=1'), 2, /Unknown parameter\(s\): valueOf/),
  create(
    '--set __defineGetter__',
    named('--set', '__defineGetter__=x'),
    2,
    /Unknown parameter\(s\): __defineGetter__/,
  ),
  create('an unknown parameter', named('--set', 'colour=red'), 2, /Unknown parameter\(s\): colour/),
  create('a name failing its pattern', svc('--set', 'name=Bad_Name'), 2, /name: must match/),
  create(
    'a name too long for its pattern',
    svc('--set', `name=${'a'.repeat(60)}`),
    2,
    /name: must match/,
  ),
  create('an empty name', svc('--set', 'name='), 2, /name: must match/),
  create('a name with a newline', svc('--set', 'name=ok\nrm'), 2, /name: must match/),
  create('a name with a slash', svc('--set', 'name=a/../b'), 2, /name: must match/),
  create('a port that is not a number', named('--set', 'port=eighty'), 2, /port: must be a number/),
  create('a port in hex', named('--set', 'port=0x50'), 2, /port: must be a number/),
  create('a port of Infinity', named('--set', 'port=Infinity'), 2, /port: must be a number/),
  create(
    'a database outside the choices',
    named('--set', 'database=mysql'),
    2,
    /database: must be one of: none, postgres/,
  ),
  create(
    'a boolean that is not one',
    named('--set', 'metrics=maybe'),
    2,
    /metrics: must be true or false/,
  ),
  // `Out` does not fit the name pattern, so the folder cannot stand in for the missing answer.
  create(
    'a missing required answer',
    ['Out', '-t', 'svc@1.1.0', '--yes'],
    2,
    /Missing required answer\(s\): name/,
  ),
  create(
    'two bad answers at once',
    svc('--set', 'name=X', '--set', 'port=x'),
    2,
    /2 answer\(s\) are invalid/,
  ),
  create(
    'a directory whose parent is a file',
    ['file/out', '-t', 'svc@1.1.0', '--yes', '--set', 'name=orders'],
    2,
    /a folder above it is a file/,
    { files: { file: 'x' } },
  ),
  create(
    'a directory name too long',
    [`${'d'.repeat(300)}`, '-t', 'svc@1.1.0', '--yes', '--set', 'name=orders'],
    2,
    /too long/,
  ),
  create(
    'a directory that is a file',
    ['taken', '-t', 'svc@1.1.0', '--yes', '--set', 'name=orders'],
    2,
    /taken exists and is not a folder/,
    { files: { taken: 'x' } },
  ),
  create(
    'a non-empty directory',
    ['full', '-t', 'svc@1.1.0', '--yes', '--set', 'name=orders'],
    2,
    /full is not empty/,
    { files: { 'full/a.txt': 'x' } },
  ),
  create(
    '--force over a file the template writes',
    ['full', '-t', 'svc@1.1.0', '--yes', '--set', 'name=orders', '--force'],
    2,
    /--force never overwrites/,
    { files: { 'full/Dockerfile': 'x' } },
  ),
  create(
    '--catalog naming a file',
    named('--catalog', 'afile'),
    2,
    /The catalog afile is a file, not a folder/,
    { files: { afile: 'x' } },
  ),
  create(
    '--catalog naming nothing',
    named('--catalog', 'missing'),
    2,
    /The catalog folder missing does not exist/,
  ),
  create(
    '--catalog with an unknown scheme',
    named('--catalog', 'ftp://x/y'),
    2,
    /Unknown catalog source "ftp:\/\/x\/y"/,
  ),
  create(
    '--catalog git+ an unreachable repo',
    named('--catalog', 'git+file:///nonexistent/repo.git'),
    2,
    /Could not clone the catalog git\+file:\/\/\/nonexistent\/repo\.git/,
  ),
];

/** Bad `--answers` files. */
export const ANSWER_FILE_ROWS: BadInputRow[] = [
  create(
    'a missing answers file',
    svc('--answers', 'none.json'),
    2,
    /Cannot read the answers file none\.json/,
  ),
  create(
    'an answers file that is a folder',
    svc('--answers', 'dir.json'),
    2,
    /answers file dir\.json/,
    { files: { 'dir.json/x': '' } },
  ),
  create(
    'malformed JSON answers',
    svc('--answers', 'a.json'),
    2,
    /The answers file a\.json is malformed/,
    { files: { 'a.json': '{ "name": ' } },
  ),
  create(
    'malformed YAML answers',
    svc('--answers', 'a.yaml'),
    2,
    /The answers file a\.yaml is malformed/,
    { files: { 'a.yaml': 'name: [x\n' } },
  ),
  create('answers that are a list', svc('--answers', 'a.json'), 2, /a\.json must hold an object/, {
    files: { 'a.json': '["orders"]' },
  }),
  create(
    'answers that are a string',
    svc('--answers', 'a.yaml'),
    2,
    /a\.yaml must hold an object/,
    { files: { 'a.yaml': 'orders\n' } },
  ),
  create('answers that are null', svc('--answers', 'a.json'), 2, /a\.json must hold an object/, {
    files: { 'a.json': 'null' },
  }),
  create('answers with __proto__', svc('--answers', 'a.json'), 2, /__proto__/, {
    files: { 'a.json': '{"__proto__": {"name": "orders"}}' },
  }),
  create(
    'answers with constructor',
    svc('--answers', 'a.json'),
    2,
    /Unknown parameter\(s\): constructor/,
    { files: { 'a.json': '{"name": "orders", "constructor": "x"}' } },
  ),
  create('answers with a wrong type', svc('--answers', 'a.json'), 2, /name: must be a string/, {
    files: { 'a.json': '{"name": 42}' },
  }),
  create('answers with a nested object', svc('--answers', 'a.json'), 2, /port: must be a number/, {
    files: { 'a.json': '{"name": "orders", "port": {"x": 1}}' },
  }),
  create('answers with a YAML alias bomb', svc('--answers', 'a.yaml'), 2, /a\.yaml is malformed/, {
    files: { 'a.yaml': aliasBomb('name') },
  }),
  create(
    'answers with an unknown key',
    svc('--answers', 'a.yaml'),
    2,
    /Unknown parameter\(s\): colour/,
    { files: { 'a.yaml': 'name: orders\ncolour: red\n' } },
  ),
  create('answers in a file that is not UTF-8', svc('--answers', 'a.yaml'), 2, /name: must match/, {
    files: { 'a.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) },
  }),
];

/** A YAML document whose aliases expand to 9^8 nodes. */
export function aliasBomb(key: string): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  const names = 'abcdefgh';
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]`,
    );
  lines.push(`${key}: *h`);
  return `${lines.join('\n')}\n`;
}
