import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const chalk = { name: 'chalk', message: 'Only src/cli/ prints with colour.' };
const execa = { name: 'execa', message: 'Side effects go through src/adapters/.' };
const semver = {
  name: 'semver',
  message: "Import src/catalog/semver.ts: semver's index loads every module it has.",
};
function restrictImports(files, ignores, paths) {
  return [{ files, ignores, rules: { 'no-restricted-imports': ['error', { paths }] } }];
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'demo',
      'schema',
      'coverage',
      'templates/**/files',
      'node_modules',
      '.bench-tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON documents the CLI printed; typing every one would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // chalk and process.exit belong to the CLI layer; execa to the adapters.
  ...restrictImports(['src/**/*.ts'], ['src/cli/**', 'src/adapters/**'], [chalk, execa, semver]),
  ...restrictImports(['src/cli/**/*.ts'], [], [execa, semver]),
  ...restrictImports(['src/adapters/**/*.ts'], [], [chalk, semver]),
  {
    // In the bundle, `await import('pkg')` of a CommonJS package yields only `default`; wrap the
    // package in a module of ours and import that lazily instead (see src/yaml-text.ts).
    // ESM-only packages are safe and are listed in the selector.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportExpression[source.value=/^(?!\\.|node:|execa$|@inquirer\\/prompts$|yocto-spinner$)/]',
          message:
            'Lazily import a module of ours that imports the package, not the package itself.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli/ exits.' },
      ],
    },
  },
);
