import type { Command } from 'commander';

/** At least one example per command, keyed by its path (`platform templates list`). */
const EXAMPLES: Record<string, string[]> = {
  'create-service': [
    'create-service orders                          # asks for the rest on a terminal',
    'create-service orders -t node-http-service --set port=8080 --yes',
    'CI=true create-service jobs -t node-worker@^1 --no-install',
  ],
  platform: ['platform doctor', 'platform check --format sarif --output platform.sarif'],
  'platform templates': ['platform templates list', 'platform templates show node-worker'],
  'platform templates list': ['platform templates list', 'platform templates list --json'],
  'platform templates show': [
    'platform templates show node-http-service',
    'platform templates show node-worker@1.0.0 --json',
  ],
  'platform templates new': ['platform templates new templates/my-svc'],
  'platform templates validate': ['platform templates validate templates/my-svc/1.0.0'],
  'platform templates test': [
    'platform templates test templates/my-svc/1.1.0',
    'platform templates test templates/my-svc/1.1.0 --set name=demo',
  ],
  'platform doctor': [
    'platform doctor',
    'platform doctor --fix --dry-run   # show the safe fixes',
    'platform doctor services/orders --only files.managed-modified',
  ],
  'platform check': [
    'platform check --format github',
    'platform check --format junit --output reports/platform.xml --fail-on warning',
    'platform check --fleet ~/src/services --format markdown',
  ],
  'platform diff': [
    'platform diff',
    'platform diff --exit-code   # exit 1 when the service drifted',
  ],
  'platform adopt': ['platform adopt --template node-http-service --set name=orders'],
  'platform config': ['platform config print'],
  'platform config print': ['platform config print', 'platform config print --json'],
  'platform telemetry': ['platform telemetry status', 'platform telemetry disable'],
  'platform telemetry status': ['platform telemetry status --json'],
  'platform telemetry enable': ['platform telemetry enable'],
  'platform telemetry disable': ['platform telemetry disable'],
  'platform insights': [
    'platform insights events/*.jsonl',
    'platform insights events.jsonl --since 30d --format markdown',
  ],
  'platform report': ['platform report shard-*.json --format sarif --output platform.sarif'],
  'platform upgrade': [
    'platform upgrade --dry-run',
    'platform upgrade --dry-run --exit-code   # exit 1 when a conflict is predicted',
    'platform upgrade --to 1.1.0 --commit',
    'platform upgrade --fleet ~/src/services --dry-run',
  ],
};

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds an "Examples:" section to the help of the program and every command below it. */
export function addHelpExamples(program: Command): void {
  const examples = EXAMPLES[pathOf(program)];
  if (examples)
    program.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  for (const sub of program.commands) addHelpExamples(sub);
}
