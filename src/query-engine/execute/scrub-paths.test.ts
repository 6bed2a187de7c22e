import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCategory, QueryFailure } from '../types.js';
import { scrubPaths } from './scrub-paths.js';

describe('scrubPaths: failures never show where the server keeps data', () => {
  const failure = (message: string) => new QueryFailure(ErrorCategory.User, 1001, message);

  it('turns a scratch path into the object key below the table location, and the data directory into …', () => {
    const scrubbed = scrubPaths(failure('HIVE_BAD_DATA: Invalid Parquet file "/srv/sl/athena-tmp/account-111122223333/q-9-1/1-t/dt=1/part-0.parquet"'), '/srv/sl/athena-tmp');
    assert.equal(scrubbed.message, 'HIVE_BAD_DATA: Invalid Parquet file "dt=1/part-0.parquet"');
    assert.equal(scrubPaths(failure('cannot open /srv/sl/sagelite.db'), '/srv/sl/athena-tmp/').message, 'cannot open …/sagelite.db');
    assert.equal(scrubbed.errorType, 1001);
  });

  it('leaves other messages as they are (the same object)', () => {
    const f = failure("INVALID_CAST_ARGUMENT: Cannot cast '/x/y' to integer");
    assert.equal(scrubPaths(f, '/srv/sl/athena-tmp'), f);
  });
});
