/** The user-facing commands beside `serve`, `account` and `explain`, each in its own file. */
export { registerDemo } from './demo.js';
export { registerGet } from './get.js';
export { registerIngest } from './ingest.js';
export { registerQuery } from './query.js';
export { registerSetup } from './setup.js';
