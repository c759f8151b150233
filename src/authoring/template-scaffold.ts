/**
 * The files of a new template version from scratch: a commented manifest, a rendered README,
 * CI for both choices of an enum (with `\{{ }}` for GitHub's own expressions), seeded code
 * and an example check, each showing one thing authors need. It passes `validate` and `test`.
 */
export function scaffoldFiles(id: string): Array<{ path: string; content: string }> {
  return [
    { path: 'template.yaml', content: manifest(id) },
    { path: 'README.md', content: authorReadme(id) },
    { path: 'files/README.md.hbs', content: '# {{name}}\n\n{{description}}\n' },
    {
      path: 'files/package.json.hbs',
      content: [
        '{',
        '  "name": {{json name}},',
        '  "version": "0.1.0",',
        '  "private": true,',
        '  "description": {{json description}},',
        '  "type": "module",',
        '  "scripts": { "test": "node --test", "build": "node --check src/index.js", "start": "node src/index.js" }',
        '}',
        '',
      ].join('\n'),
    },
    { path: 'files/src/index.js.hbs', content: "console.log('{{kebabCase name}} is running');\n" },
    {
      path: 'files/.github/workflows/ci.yml.hbs',
      content: [
        'name: ci',
        'on: [push, pull_request]',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      # GitHub expressions keep their braces: write \\{{ in a .hbs file.',
        '      - run: echo "testing \\{{ github.sha }} of {{name}}"',
        '      - run: npm test',
        '',
      ].join('\n'),
    },
    {
      path: 'files/.gitlab-ci.yml.hbs',
      content: ['test:', '  image: node:24', '  script:', '    - npm test', ''].join('\n'),
    },
  ];
}

function manifest(id: string): string {
  return `# A template version: this manifest plus files/. Authoring guide: docs/templates.md in the
# create-service package. Once released, a version is frozen: change a copy in a new version.
schemaVersion: 1
id: ${id}
version: 1.0.0 # must equal this folder's name
name: ${id}
description: One line shown in pickers and in \`platform templates list\`.

# Asked in this order. An answer is {{name}} in files and in path segments.
parameters:
  - name: name
    type: string
    prompt: Service name
    required: true
    pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'
    help: Lower-case letters, digits and dashes, 3 to 40 characters.
  - name: description
    type: string
    prompt: One-line description
    default: A service on the paved road.
  - name: ci
    type: enum
    prompt: CI system
    choices: [github, gitlab]
    default: github

# Who owns each rendered file. managed: must match the render (doctor --fix restores it);
# seeded: written once, then the team's; every other file is merged 3-way on upgrade.
files:
  managed: ['.github/workflows/**', '.gitlab-ci.yml']
  seeded: ['src/**']
  when: # a file is rendered only when every listed answer is equal
    '.github/**': { ci: github }
    '.gitlab-ci.yml': { ci: gitlab }

# Policy rules shipped with this version; \`platform check\` runs them on every service.
checks:
  - id: docs.readme-title
    category: template
    severity: warning
    message: The README starts with the service's name as its title.
    fix: Put a "# <name>" line at the top of README.md.
    file: README.md
    contains: '^# '
`;
}

function authorReadme(id: string): string {
  return `# ${id}

A template for \`create-service\`. This README is for its authors; services get \`files/\`.

- \`template.yaml\`: parameters, file ownership, conditional files and checks.
- \`files/\`: what a service gets. A file ending in \`.hbs\` is rendered with Handlebars and
  loses the suffix; every other file is copied byte for byte.

Before every change:

\`\`\`sh
platform templates validate .   # manifest, variables, paths, unused declarations
platform templates test .       # every enum and boolean choice rendered and checked
platform templates test . --run # plus each render's own install, test and build
\`\`\`

To release, keep this folder as it is and copy it to the next version's folder.
`;
}
