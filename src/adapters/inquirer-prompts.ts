// The three prompts we use, each from its own package (the same ones @inquirer/prompts
// re-exports): the umbrella package's editor prompt alone bundles 590 KB of character-set tables.
export { default as confirm } from '@inquirer/confirm';
export { default as input } from '@inquirer/input';
export { default as select } from '@inquirer/select';
