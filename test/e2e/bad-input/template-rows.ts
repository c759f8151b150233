import type { VersionSpec } from '../../helpers/catalog.js';
import type { BadInputRow } from './row-runner.js';
import { aliasBomb } from './create-rows.js';

const README = { 'README.md.hbs': '# {{name}}\n' };
// RE2 syntax, but about 12 000 instructions: a fifth of a second or more to compile, per use.
const HUGE = '([a-z]{1,1000}[0-9]{1,1000})'.repeat(3);
const TOO_LARGE =
  /is too large a regular expression \(about \d+ RE2 instructions, at most \d+\); simplify it/;
const NAME = [{ name: 'name', type: 'string', default: 'orders' }];

/** create-service from a one-template catalog `$T` whose manifest or files are bad. */
const render = (name: string, template: VersionSpec, message: RegExp): BadInputRow => ({
  name,
  bin: 'create-service',
  args: ['out', '-t', 't', '--catalog', '$T', '--yes', '--no-install'],
  template: { files: README, ...template },
  exit: 2,
  message,
});
const manifest = (name: string, fields: Record<string, unknown>, message: RegExp) =>
  render(name, { manifest: { parameters: NAME, ...fields } }, message);
const check = (name: string, fields: Record<string, unknown>, message: RegExp) =>
  manifest(
    name,
    {
      checks: [
        {
          id: 'ci.x',
          category: 'ci',
          severity: 'error',
          message: 'm',
          file: 'README.md',
          ...fields,
        },
      ],
    },
    message,
  );

/** Manifests, template files and check definitions a catalog can hold. */
export const TEMPLATE_ROWS: BadInputRow[] = [
  render(
    'a manifest that is not YAML',
    { manifestText: 'id: [\n' },
    /template\.yaml is not valid YAML/,
  ),
  render(
    'a manifest with an alias bomb',
    { manifestText: aliasBomb('description') },
    /template\.yaml is not valid YAML: .*alias/i,
  ),
  render(
    'a manifest of schemaVersion 2',
    { manifestText: 'schemaVersion: 2\nid: t\nversion: 1.0.0\nname: T\ndescription: d\n' },
    /schemaVersion/,
  ),
  render(
    'a manifest whose id differs from its folder',
    { manifestText: 'schemaVersion: 1\nid: other\nversion: 1.0.0\nname: T\ndescription: d\n' },
    /other/,
  ),
  render(
    'a manifest with a bad version',
    { manifestText: 'schemaVersion: 1\nid: t\nversion: one\nname: T\ndescription: d\n' },
    /version: must be a semver/,
  ),
  manifest('an unknown manifest key', { colour: 'red' }, /colour/),
  manifest(
    'a parameter named __proto__',
    { parameters: [{ name: '__proto__', type: 'string' }] },
    /parameters\[0\]\.name: must not be __proto__/,
  ),
  manifest(
    'a parameter with a dash in its name',
    { parameters: [{ name: 'a-b', type: 'string' }] },
    /parameters\[0\]\.name: must be an identifier/,
  ),
  manifest(
    'a parameter of an unknown type',
    { parameters: [{ name: 'a', type: 'date' }] },
    /parameters\[0\]\.type/,
  ),
  manifest(
    'an enum without choices',
    { parameters: [{ name: 'a', type: 'enum' }] },
    /parameters\[0\]\.choices: an enum parameter needs choices/,
  ),
  manifest(
    'a pattern with a backreference',
    { parameters: [{ name: 'a', type: 'string', pattern: '(a)\\1' }] },
    /parameters\[0\]\.pattern: is not a supported regular expression .*RE2 syntax, without backreferences or lookaround/,
  ),
  manifest(
    'a pattern with lookahead',
    { parameters: [{ name: 'a', type: 'string', pattern: '^(?=a)a$' }] },
    /parameters\[0\]\.pattern: is not a supported regular expression/,
  ),
  manifest(
    'a pattern with lookbehind',
    { parameters: [{ name: 'a', type: 'string', pattern: '(?<!x)a' }] },
    /parameters\[0\]\.pattern: is not a supported regular expression/,
  ),
  manifest(
    'a pattern that does not parse',
    { parameters: [{ name: 'a', type: 'string', pattern: '[a-' }] },
    /parameters\[0\]\.pattern: is not a supported regular expression/,
  ),
  manifest(
    'a pattern too large a program',
    { parameters: [{ name: 'a', type: 'string', pattern: `^${HUGE}$` }] },
    new RegExp(`parameters\\[0\\]\\.pattern: ${TOO_LARGE.source}`),
  ),
  manifest(
    'a default too long to check against its pattern',
    {
      parameters: [
        { name: 'a', type: 'string', pattern: '(a{1,1000})', default: 'a'.repeat(2000) },
      ],
    },
    /parameters\[0\]\.default: is too long to check against its pattern \(2000 characters, at most \d+\)/,
  ),
  {
    name: 'an answer too long to check against its pattern',
    bin: 'create-service',
    args: [
      'out',
      '-t',
      't',
      '--catalog',
      '$T',
      '--yes',
      '--no-install',
      '--set',
      `a=${'a'.repeat(5000)}`,
    ],
    template: {
      files: README,
      manifest: { parameters: [...NAME, { name: 'a', type: 'string', pattern: '(a{1,1000})' }] },
    },
    exit: 2,
    message: /a: is too long to check against its pattern \(5000 characters, at most \d+\)/,
  },
  manifest(
    'a pattern on a number',
    { parameters: [{ name: 'a', type: 'number', pattern: '^1$' }] },
    /parameters\[0\]\.pattern: only string parameters take a pattern/,
  ),
  manifest(
    'a default that fails its pattern',
    { parameters: [{ name: 'a', type: 'string', pattern: '^x$', default: 'y' }] },
    /parameters\[0\]\.default: does not match the pattern/,
  ),
  manifest(
    'a default of the wrong type',
    { parameters: [{ name: 'a', type: 'number', default: 'x' }] },
    /parameters\[0\]\.default: must be a number/,
  ),
  manifest(
    'a duplicate parameter',
    { parameters: [...NAME, ...NAME] },
    /parameters\[1\]\.name: duplicate/,
  ),
  manifest(
    'files.when naming no parameter',
    { files: { when: { 'x/**': { nope: 1 } } } },
    /files\.when\.x\/\*\*\.nope: is not a declared parameter/,
  ),
  manifest('files.managed not a list', { files: { managed: 'Dockerfile' } }, /files\.managed/),
  check(
    'a check whose contains has a backreference',
    { contains: '(a)\\1' },
    /checks\[0\]\.contains: is not a supported regular expression/,
  ),
  check(
    'a check whose contains is too large a program',
    { contains: HUGE },
    new RegExp(`checks\\[0\\]\\.contains: ${TOO_LARGE.source}`),
  ),
  check(
    'a check whose notContains is too large a program',
    { notContains: `x${HUGE}` },
    new RegExp(`checks\\[0\\]\\.notContains: ${TOO_LARGE.source}`),
  ),
  manifest(
    'checks whose regexes are too large together',
    {
      checks: [1, 2, 3, 4, 5].map((n) => ({
        id: `ci.x${n}`,
        category: 'ci',
        severity: 'error',
        message: 'm',
        file: 'README.md',
        contains: `${n}([a-z]{1,1000})`,
      })),
    },
    /its regular expressions are too large together \(about 10020 RE2 instructions, at most 10000\)/,
  ),
  check(
    'a check whose notContains has lookahead',
    { notContains: 'a(?=b)' },
    /checks\[0\]\.notContains: is not a supported regular expression/,
  ),
  check(
    'a check with two kinds',
    { contains: 'a', notContains: 'b' },
    /checks\[0\].*needs exactly one of contains/,
  ),
  check('a check with no kind', {}, /checks\[0\].*needs exactly one of contains/),
  check(
    'a check with a bad id',
    { id: 'NoDot', contains: 'a' },
    /checks\[0\]\.id: must look like category\.name/,
  ),
  check(
    'a check of an unknown category',
    { category: 'fun', contains: 'a' },
    /checks\[0\]\.category/,
  ),
  check(
    'a check of an unknown severity',
    { severity: 'fatal', contains: 'a' },
    /checks\[0\]\.severity/,
  ),
  check(
    'a check with a bad JSON pointer',
    { json: 'engines' },
    /checks\[0\]\.json: must be a JSON Pointer/,
  ),
  check(
    'a check with a bad semver range',
    { json: '/engines/node', satisfies: 'soon' },
    /checks\[0\]\.satisfies: must be a semver range/,
  ),
  check(
    'equals without a pointer',
    { exists: true, equals: 1 },
    /equals and satisfies need a json or yaml pointer/,
  ),
  render(
    'an undeclared variable',
    { manifest: { parameters: NAME }, files: { 'a.txt.hbs': '{{nope}}\n' } },
    /nope/,
  ),
  render(
    'a Handlebars syntax error',
    { manifest: { parameters: NAME }, files: { 'a.txt.hbs': '{{#if name}\n' } },
    /a\.txt\.hbs/,
  ),
  render(
    'a path rendering outside the target',
    {
      manifest: { parameters: [{ name: 'dir', type: 'string', default: '..' }] },
      files: { '{{dir}}/x.txt.hbs': 'x' },
    },
    /renders to|outside|\.\./,
  ),
];
