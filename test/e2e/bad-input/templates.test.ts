import { describeRows } from './row-runner.js';
import { TEMPLATE_ROWS } from './template-rows.js';

describeRows('create-service: a bad manifest, check or template file is exit 2', TEMPLATE_ROWS);
