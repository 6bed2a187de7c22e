import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { compilePolicy, evaluate } from '../../auth/policy/index.js';
import type { EvalPrincipal } from '../../auth/policy/types.js';
import { AwsError } from '../../core/errors.js';
import type { Acl, Bucket } from '../../storage/s3.js';
import type { OperationContext } from '../operation.js';
import { ALL_USERS, ownerFullControl } from './acl.js';
import { bucketRequests, objectRequests } from './access.js';

const A = '111111111111';
const B = '222222222222';
const canon = (acct: string) => `canon-${acct}`;
const ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

function ctxWith(bucket: Bucket, principal: EvalPrincipal): OperationContext {
  const accounts = [A, B].map((accountId) => ({ accountId, canonicalUserId: canon(accountId), createdAt: new Date() }));
  return {
    principal: { kind: principal.kind, accountId: principal.accountId, arn: principal.arn, userId: '', accessKeyId: '' },
    region: 'us-east-1',
    requestId: 'r',
    sourceIp: '127.0.0.1',
    secureTransport: false,
    signature: { form: 'header', ageMs: 5 },
    clock: { now: () => new Date() },
    state: {
      s3Buckets: { getBucket: async (n: string) => (n === bucket.name ? bucket : undefined) },
      accounts: { listAccounts: async () => accounts, getAccount: async (id: string) => accounts.find((a) => a.accountId === id) },
    },
  } as unknown as OperationContext;
}

function bucket(over: Partial<Bucket> = {}): Bucket {
  return { name: 'bkt', accountId: A, region: 'us-east-1', createdAt: new Date(), ownership: 'BucketOwnerEnforced', acl: ownerFullControl(canon(A)), ...over };
}

const userOf = (acct: string): EvalPrincipal => ({ kind: 'user', accountId: acct, arn: `arn:aws:iam::${acct}:user/u`, uniqueId: 'AIDAEXAMPLE' });
const anonymous: EvalPrincipal = { kind: 'anonymous', accountId: '', arn: 'anonymous' };

/** The engine's verdict on the request access.ts produced, with the given identity policies. */
function decide(req: AuthorizationRequest, principal: EvalPrincipal, identity: string[] = [ALL]): string {
  return evaluate({
    request: { principal, action: req.action, resource: req.resource, resourceAccount: req.resourceAccount!, context: req.context ?? {} },
    identityPolicies: principal.kind === 'anonymous' ? [] : identity.map((d, i) => ({ name: `p${i}`, policy: compilePolicy(d, 'identity') })),
    ...(req.resourcePolicy
      ? {
          resourcePolicy: {
            name: req.resourcePolicy.name,
            policy: compilePolicy(req.resourcePolicy.document, 'resource'),
            ...(req.resourcePolicy.principalBindings ? { principalBindings: req.resourcePolicy.principalBindings } : {}),
          },
        }
      : {}),
  }).result;
}

const publicRead = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*' }] });
const toB = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'B', Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: ['arn:aws:s3:::bkt', 'arn:aws:s3:::bkt/*'] }] });
const ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

describe('S3 access', () => {
  it('names the bucket, its owner, its policy and S3 condition keys', async () => {
    const b = bucket({ policy: toB });
    const [req] = await bucketRequests(ctxWith(b, userOf(B)), 'bkt', 's3:ListBucket', { context: { 's3:prefix': 'a/' } });
    assert.equal(req!.resource, 'arn:aws:s3:::bkt');
    assert.equal(req!.resourceAccount, A);
    assert.deepEqual(req!.resourcePolicy, { name: 'bucket policy of bkt', document: toB, kind: 'resource' });
    assert.equal(req!.context!['s3:authType'], 'REST-HEADER');
    assert.equal(req!.context!['s3:signatureversion'], 'AWS4-HMAC-SHA256');
    assert.equal(req!.context!['s3:ResourceAccount'], A);
    assert.equal(req!.context!['s3:prefix'], 'a/');
  });

  it('throws NoSuchBucket, and AccessDenied for a wrong expected owner', async () => {
    const b = bucket();
    await assert.rejects(bucketRequests(ctxWith(b, userOf(A)), 'nope', 's3:ListBucket'), (e: unknown) => e instanceof AwsError && e.code === 'NoSuchBucket' && e.status === 404);
    await assert.rejects(bucketRequests(ctxWith(b, userOf(A)), 'bkt', 's3:ListBucket', { expectedOwner: B }), (e: unknown) => e instanceof AwsError && e.code === 'AccessDenied');
    assert.equal((await bucketRequests(ctxWith(b, userOf(A)), 'bkt', 's3:ListBucket', { expectedOwner: A })).length, 1);
  });

  it('cross-account needs the bucket policy and the identity side', async () => {
    const withPolicy = bucket({ policy: toB });
    const req = (await bucketRequests(ctxWith(withPolicy, userOf(B)), 'bkt', 's3:ListBucket'))[0]!;
    assert.equal(decide(req, userOf(B)), 'Allow');
    assert.equal(decide(req, userOf(B), []), 'ImplicitDeny');
    const none = (await bucketRequests(ctxWith(bucket(), userOf(B)), 'bkt', 's3:ListBucket'))[0]!;
    assert.equal(decide(none, userOf(B)), 'ImplicitDeny');
  });

  it('anonymous callers get through public statements only while RestrictPublicBuckets is off', async () => {
    const open = bucket({ policy: publicRead });
    assert.equal(decide((await objectRequests(ctxWith(open, anonymous), 'bkt', 'k', 's3:GetObject'))[0]!, anonymous), 'Allow');
    const restricted = bucket({ policy: publicRead, publicAccessBlock: ON });
    const req = (await objectRequests(ctxWith(restricted, anonymous), 'bkt', 'k', 's3:GetObject'))[0]!;
    assert.equal(decide(req, anonymous), 'ImplicitDeny');
    assert.equal(req.resourcePolicy, undefined, 'a public policy without Denies leaves nothing for outsiders');
    // The owner's own account keeps the public statement.
    assert.equal(decide((await objectRequests(ctxWith(restricted, userOf(A)), 'bkt', 'k', 's3:GetObject'))[0]!, userOf(A), []), 'Allow');
  });

  it('RestrictPublicBuckets also blocks cross-account grants inside a public policy', async () => {
    const both = JSON.stringify({ Version: '2012-10-17', Statement: [...JSON.parse(publicRead).Statement, ...JSON.parse(toB).Statement] });
    const b = bucket({ policy: both, publicAccessBlock: ON });
    assert.equal(decide((await bucketRequests(ctxWith(b, userOf(B)), 'bkt', 's3:ListBucket'))[0]!, userOf(B)), 'ImplicitDeny');
    const b2 = bucket({ policy: toB, publicAccessBlock: ON });
    assert.equal(decide((await bucketRequests(ctxWith(b2, userOf(B)), 'bkt', 's3:ListBucket'))[0]!, userOf(B)), 'Allow');
  });

  it('object ACL grants count unless the bucket enforces ownership; public grants unless IgnorePublicAcls', async () => {
    const acl: Acl = { ownerId: canon(A), grants: [...ownerFullControl(canon(A)).grants, { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }] };
    const object = { ownerAccountId: A, acl };
    const writer = bucket({ ownership: 'ObjectWriter' });
    assert.equal(decide((await objectRequests(ctxWith(writer, anonymous), 'bkt', 'k', 's3:GetObject', { object }))[0]!, anonymous), 'Allow');
    assert.equal(decide((await objectRequests(ctxWith(writer, anonymous), 'bkt', 'k', 's3:GetObjectAcl', { object }))[0]!, anonymous), 'ImplicitDeny');
    const ignoring = bucket({ ownership: 'ObjectWriter', publicAccessBlock: ON });
    assert.equal(decide((await objectRequests(ctxWith(ignoring, anonymous), 'bkt', 'k', 's3:GetObject', { object }))[0]!, anonymous), 'ImplicitDeny');
    const enforced = bucket();
    assert.equal(decide((await objectRequests(ctxWith(enforced, anonymous), 'bkt', 'k', 's3:GetObject', { object }))[0]!, anonymous), 'ImplicitDeny');
  });

  it("another account's object is decided by its ACL, not by the bucket policy's Allows", async () => {
    const grantAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: 'arn:aws:s3:::bkt/*' }] });
    const b = bucket({ ownership: 'ObjectWriter', policy: grantAll });
    const privateToB = { ownerAccountId: B, acl: ownerFullControl(canon(B)) };
    const req = (await objectRequests(ctxWith(b, userOf(A)), 'bkt', 'k', 's3:GetObject', { object: privateToB }))[0]!;
    assert.equal(req.resourceAccount, B);
    assert.equal(decide(req, userOf(A)), 'ImplicitDeny');
    const fullControl = { ownerAccountId: B, acl: { ownerId: canon(B), grants: [...privateToB.acl.grants, { grantee: { type: 'CanonicalUser' as const, id: canon(A) }, permission: 'FULL_CONTROL' as const }] } };
    assert.equal(decide((await objectRequests(ctxWith(b, userOf(A)), 'bkt', 'k', 's3:GetObject', { object: fullControl }))[0]!, userOf(A)), 'Allow');
    // Deleting is a bucket permission: the bucket owner's rules decide.
    const del = (await objectRequests(ctxWith(b, userOf(A)), 'bkt', 'k', 's3:DeleteObject', { object: privateToB }))[0]!;
    assert.equal(del.resourceAccount, A);
    assert.equal(decide(del, userOf(A)), 'Allow');
    // Under BucketOwnerEnforced the bucket owner owns everything.
    const enforced = bucket({ policy: grantAll });
    assert.equal(decide((await objectRequests(ctxWith(enforced, userOf(A)), 'bkt', 'k', 's3:GetObject', { object: privateToB }))[0]!, userOf(A)), 'Allow');
  });

  it('bound user/role ARNs of the bucket policy match only the entity they were bound to, ACL grants merged or not', async () => {
    const roleArn = `arn:aws:iam::${B}:role/R`;
    const grant = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*' }] });
    const session = (roleId: string): EvalPrincipal => ({ kind: 'assumed-role', accountId: B, arn: `arn:aws:sts::${B}:assumed-role/R/s`, roleArn, uniqueId: roleId });
    const bindings = { [roleArn]: 'AROAORIGINAL00000000' };
    for (const ownership of ['BucketOwnerEnforced', 'BucketOwnerPreferred'] as const) {
      const b = bucket({ ownership, policy: grant, policyPrincipalBindings: bindings });
      const req = (await objectRequests(ctxWith(b, session('AROAORIGINAL00000000')), 'bkt', 'k', 's3:GetObject'))[0]!;
      assert.deepEqual(req.resourcePolicy!.principalBindings, bindings);
      assert.equal(decide(req, session('AROAORIGINAL00000000')), 'Allow');
      assert.equal(decide(req, session('AROARECREATED0000000')), 'ImplicitDeny', `${ownership}: a re-created role of the same name`);
    }
    // A policy stored before bindings existed matches by ARN, as it always did.
    const legacy = (await objectRequests(ctxWith(bucket({ policy: grant, policyPrincipalBindings: {} }), session('AROAANY')), 'bkt', 'k', 's3:GetObject'))[0]!;
    assert.equal(legacy.resourcePolicy!.principalBindings, undefined);
  });
});
