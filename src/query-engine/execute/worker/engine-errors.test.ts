// A failing statement's message crosses from the account's engine process to the server: DuckDB
// puts the offending value in it whole (a 20 MB string that is no integer), so a bound here keeps
// one account's error text out of the server's memory, its database and every GetQueryExecution.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../../types.js';
import { engineFixture, type EngineFixture } from '../../../../test/support/query-engine-fixtures.js';
import { boundMessage, MAX_ERROR_MESSAGE_CHARS } from './protocol.js';

describe('engine process: an error message is bounded before it reaches the server', () => {
  let f: EngineFixture;
  before(async () => (f = await engineFixture({ engine: { threads: 1 } })));
  after(() => f.close());

  it("CAST of a 20 MB string: Athena's cast error, its message within the bound, its head and tail kept", async () => {
    await assert.rejects(f.engine.execute(f.request("SELECT CAST(lpad('', 20000000, 'x') AS INTEGER)")), (e: unknown) => {
      assert.ok(e instanceof QueryFailure, String(e));
      assert.ok(e.message.length <= 2 * MAX_ERROR_MESSAGE_CHARS, `message of ${e.message.length} characters`);
      assert.match(e.message, /^INVALID_CAST_ARGUMENT: Cannot cast 'x+…[x…]+' to INT$/);
      assert.equal(e.errorType, 1001);
      return true;
    });
  });

  it('keeps short messages whole; cuts a JSON error field by field, keeping it JSON', () => {
    assert.equal(boundMessage('Conversion Error: short'), 'Conversion Error: short');
    const long = 'y'.repeat(MAX_ERROR_MESSAGE_CHARS + 10);
    const json = boundMessage(JSON.stringify({ exception_type: 'Conversion', exception_message: long, position: '7' }));
    assert.deepEqual(JSON.parse(json), { exception_type: 'Conversion', exception_message: `${'y'.repeat(MAX_ERROR_MESSAGE_CHARS - 256)}…${'y'.repeat(256)}`, position: '7' });
    const text = `Invalid Input Error: ${long}`;
    assert.equal(boundMessage(text), `${text.slice(0, MAX_ERROR_MESSAGE_CHARS - 256)}…${text.slice(-256)}`);
  });
});
