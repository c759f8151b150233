// The third-party notices shipped in the package: every npm package esbuild bundled, found from
// the build's metafile, with its licence text. The build fails when a bundled package has no
// licence text or a licence off the allowlist, so a new dependency cannot ship unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Licences whose terms a bundled, minified copy with this notice file satisfies. */
const ALLOWED = new Set([
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'ISC',
  'MIT',
  'Python-2.0',
]);

const LICENSE_FILE = /^(licen[cs]e|copying)([-.][\w.-]*)?$/i;
const NOTICE_FILE = /^notice(\.(md|txt))?$/i;

/** The folders of the npm packages whose files are in the bundle, from esbuild metafiles. */
export function bundledPackageRoots(metafiles) {
  const roots = new Set();
  for (const metafile of metafiles)
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) roots.add(match[1]);
    }
  return [...roots].sort();
}

// An SPDX expression is allowed when every AND term is, and at least one OR alternative is.
function allowedExpression(expression) {
  const alternatives = expression.replace(/[()]/g, '').split(/\s+OR\s+/);
  return alternatives.some((alt) => alt.split(/\s+AND\s+/).every((id) => ALLOWED.has(id.trim())));
}

function readPackage(root) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const files = readdirSync(root);
  const text = (pattern) =>
    files
      .filter((file) => pattern.test(file))
      .map((file) => readFileSync(path.join(root, file), 'utf8').trim())
      .join('\n\n');
  const license = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
  return {
    name: pkg.name,
    version: pkg.version,
    license,
    text: text(LICENSE_FILE),
    notice: text(NOTICE_FILE),
  };
}

/** Reads each bundled package's licence; throws naming every package that cannot ship. */
export function collectNotices(roots) {
  const packages = roots.map(readPackage);
  // The same package can be bundled from two folders (two versions); list each version once.
  const unique = [...new Map(packages.map((p) => [`${p.name}@${p.version}`, p])).values()];
  const problems = unique.flatMap((p) => {
    if (!p.license) return [`${p.name}@${p.version}: no "license" field`];
    if (!allowedExpression(p.license))
      return [`${p.name}@${p.version}: licence ${p.license} is not on the allowlist`];
    if (!p.text) return [`${p.name}@${p.version}: no LICENSE file to reproduce`];
    return [];
  });
  if (problems.length > 0)
    throw new Error(
      `Bundled packages that cannot ship (scripts/third-party-notices.mjs):\n  ${problems.join('\n  ')}`,
    );
  return unique.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** The notices file: a list, then each package's licence (and NOTICE) text. */
export function formatNotices(packages, cliName) {
  const list = packages.map((p) => `- ${p.name}@${p.version} (${p.license})`).join('\n');
  const sections = packages.map((p) =>
    [`## ${p.name}@${p.version}`, '', `License: ${p.license}`, '', '```text', p.text, '```']
      .concat(p.notice ? ['', 'NOTICE:', '', '```text', p.notice, '```'] : [])
      .join('\n'),
  );
  return [
    '# Third-party notices',
    '',
    `${cliName} bundles the following packages into dist/. Their licences follow.`,
    '',
    list,
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}
