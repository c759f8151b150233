import { ANSWER_FILE_ROWS, FLAG_ROWS } from './create-rows.js';
import { describeRows } from './row-runner.js';

describeRows('create-service: bad flags and answers are exit 2 and write nothing', FLAG_ROWS);
describeRows('create-service: bad answers files are exit 2 and write nothing', ANSWER_FILE_ROWS);
