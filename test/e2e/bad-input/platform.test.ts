import { REPO_ROWS } from './repo-rows.js';
import { describeRows } from './row-runner.js';
import { RULE_ID_ROWS, USAGE_ROWS } from './usage-rows.js';

describeRows('platform: usage errors in every subcommand are exit 2', USAGE_ROWS);
describeRows('platform: bad state, waivers and config in a repo are exit 2', REPO_ROWS);
describeRows('platform: a misspelled rule id gets a suggestion', RULE_ID_ROWS);
