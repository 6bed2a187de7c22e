// Compiling in slices: the same policy as one step, with a pause offered after every statement.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy, compilePolicyInSlices } from './compile-policy.js';
import { PolicyDocumentError } from './errors.js';
import { evaluate } from './decision.js';
import { alice } from '../../../test/support/policy-helpers.js';

const statements = Array.from({ length: 40 }, (_, i) => ({
  Sid: `S${i}`,
  Effect: i % 3 === 0 ? 'Deny' : 'Allow',
  Action: `s3:Get${i}*`,
  Resource: `arn:aws:s3:::bucket-${i}/*`,
}));
// Longer than the compile cache takes, so neither call is answered from it.
const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }) + ' '.repeat(33 * 1024);

describe('compilePolicyInSlices', () => {
  it('offers a pause after parsing and after each statement, and decides as compilePolicy does', async () => {
    let pauses = 0;
    const sliced = await compilePolicyInSlices(text, 'identity', () => {
      pauses++;
      return undefined;
    });
    assert.equal(pauses, 1 + statements.length);
    const whole = compilePolicy(text, 'identity');
    for (const [action, resource] of [['s3:Get1Object', 'arn:aws:s3:::bucket-1/k'], ['s3:Get3Object', 'arn:aws:s3:::bucket-3/k'], ['s3:Get2Object', 'arn:aws:s3:::bucket-9/k']] as const) {
      const decide = (policy: typeof whole) => evaluate({ request: { principal: alice, action, resource, context: {} }, identityPolicies: [{ name: 'p', policy }] }).result;
      assert.equal(decide(sliced), decide(whole), `${action} on ${resource}`);
    }
  });

  it('awaits the pause it is given and throws the same PolicyDocumentError', async () => {
    let waited = 0;
    await compilePolicyInSlices(text, 'identity', () => new Promise<void>((r) => setImmediate(() => (waited++, r()))));
    assert.equal(waited, 1 + statements.length);
    await assert.rejects(compilePolicyInSlices('{"Statement": 1}', 'identity', () => undefined), (e: unknown) => e instanceof PolicyDocumentError);
  });
});
