import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';

/** The public sample that goes with the guide (schemas and CSV data, MIT-0), kept in the repo. */
export const SAMPLE_DIR = join(PACKAGE_ROOT, 'test', 'fixtures', 'cross-account-sample');
