import type { SchemaComponent } from './migrations.js';

/**
 * The test clock's offset (`--test-clock`), one row for every process on the database, so that a
 * time moved through one process is the time of all of them.
 */
export const CLOCK_SCHEMA: SchemaComponent = {
  name: 'clock',
  steps: [
    `CREATE TABLE test_clock (
       only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
       offset_ms bigint NOT NULL
     )`,
  ],
};
