import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyAuthorizer } from '../../auth/policy-authorizer.js';
import { rootPrincipal } from '../../core/principal.js';
import type { IamReader } from '../../storage/iam.js';
import type { DecisionEntry, DecisionLog, RecordedDecision } from '../../storage/sessions.js';
import { decodedMessage } from './decoded-message.js';

const A = '111111111111';
const B = '222222222222';

/** Keeps every decision, described at once, as the SQLite log does for denials. */
class MemoryLog implements DecisionLog {
  readonly entries = new Map<string, RecordedDecision>();
  async record(e: DecisionEntry): Promise<void> {
    const { describe: d, ...rest } = e;
    // Kept only after a turn of the event loop, as a database write would be: the authorizer
    // must wait for a denial's record before it answers.
    await new Promise((resolve) => setImmediate(resolve));
    this.entries.set(e.requestId, { ...rest, ...d() });
  }
  async get(id: string): Promise<RecordedDecision | undefined> {
    return this.entries.get(id);
  }
}

// A root principal's policies are built without reading IAM.
const noIam = { revision: () => 0 } as unknown as IamReader;

const bucketPolicy = (account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'OwnerSecretCondition', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-owner-secret-123' } } },
      { Sid: 'DenyTagged', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bkt/*' },
    ],
  });

async function decide(caller: string, owner: string, action: string, context: Record<string, string> = {}) {
  const log = new MemoryLog();
  const authz = new PolicyAuthorizer(noIam, log);
  const decision = await authz.authorize(
    rootPrincipal(caller, 'AKIAEXAMPLE'),
    [{ action, resource: 'arn:aws:s3:::bkt/k', resourceAccount: owner, context, resourcePolicy: { name: 'bucket policy of bkt', document: bucketPolicy(owner), kind: 'resource' } }],
    { requestId: 'r1', region: 'us-east-1', sourceIp: '127.0.0.1', secureTransport: false, now: new Date('2025-01-01T00:00:00Z') },
  );
  return { decision, recorded: (await log.get('r1'))! };
}

describe('DecodeAuthorizationMessage: what the caller sees', () => {
  it("shows none of another account's resource-policy statements, principals or condition values", async () => {
    const { decision, recorded } = await decide(A, B, 's3:GetObject', { 'aws:ResourceTag/secret': 'owner-tag-value', 's3:prefix': 'mine' });
    assert.equal(decision.allowed, false);
    // The operator's explanation has it all…
    assert.match(recorded.explanation, /vpce-owner-secret-123|OwnerSecretCondition/);
    // …the caller's decoded message has none of it.
    const text = JSON.stringify(decodedMessage(recorded, A));
    for (const secret of ['vpce-owner-secret-123', 'OwnerSecretCondition', 'DenyTagged', `arn:aws:iam::${B}:root`, 'owner-tag-value', 'bucket policy']) {
      assert.ok(!text.includes(secret), `decoded message shows ${secret}: ${text}`);
    }
    const decoded = decodedMessage(recorded, A);
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.explicitDeny, false);
    // Only the caller's own identity Allow (the root user's implicit policy, statement 0) matched.
    assert.deepEqual(decoded.matchedStatements.items.map((s) => [s['statementId'], s['effect']]), [['0', 'ALLOW']]);
    assert.equal(decoded.context.action, 's3:GetObject');
    assert.equal(decoded.context.resource, 'arn:aws:s3:::bkt/k');
    assert.equal(decoded.context.principal.arn, `arn:aws:iam::${A}:root`);
    // The caller's own request values stay.
    assert.ok(decoded.context.conditions.items.some((c) => c.key === 's3:prefix' && c.values.items[0]!.value === 'mine'));
  });

  it('hides the explicit Deny statement of a foreign policy but says the denial was explicit', async () => {
    const { recorded } = await decide(A, B, 's3:PutObject');
    const decoded = decodedMessage(recorded, A);
    assert.equal(decoded.explicitDeny, true);
    assert.deepEqual(decoded.matchedStatements.items, []);
  });

  it("shows the statements of the caller's own account's policies, in AWS's item shape", async () => {
    const { recorded } = await decide(A, A, 's3:PutObject');
    const decoded = decodedMessage(recorded, A);
    assert.equal(decoded.explicitDeny, true);
    assert.deepEqual(decoded.matchedStatements.items.map((s) => [s['statementId'], s['effect']]), [['DenyTagged', 'DENY']]);
  });

  it('a decision recorded without owners (older records) shows no statements', () => {
    const recorded: RecordedDecision = {
      requestId: 'x', accountId: A, createdAt: new Date(), allowed: false, explanation: 'secret',
      detail: { principal: 'p', requests: [{ action: 'a:b', resource: '*', result: 'ExplicitDeny', policies: [{ name: 'n', type: 'resource', outcome: 'Deny', statements: [{ index: 0, effect: 'Deny', matched: true, reason: 'secret' }] }] }] },
    };
    assert.deepEqual(decodedMessage(recorded, A).matchedStatements.items, []);
  });
});
