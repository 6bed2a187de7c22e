import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient, ListGrantsCommand, ListRetirableGrantsCommand,
  PutKeyPolicyCommand, ReEncryptCommand, RetireGrantCommand, RevokeGrantCommand, ScheduleKeyDeletionCommand, type GrantListEntry,
} from '@aws-sdk/client-kms';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { adminUser, assertAwsError, iamClient, rejection, trustPolicy, userWith } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const R = 'us-east-1';
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString();
const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;

/**
 * KMS grants (JS SDK v3): a grant lets a principal use a key without the key policy — in the
 * key's account on its own, from another account only with the caller's own IAM permission too —
 * within the grant's operations and encryption context constraint; retiring, revoking, listing,
 * idempotent names, validation, bounds; and the key policy lockout safety check. Every refusal is
 * explained by `sagelite explain`.
 */
describe('KMS grants and the key policy lockout safety check (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let offsetMs = 0;
  const kms = (k: Creds) => new KMSClient({ endpoint: server.url, region: R, credentials: k, maxAttempts: 1, systemClockOffset: offsetMs });
  const explain = (e: { $metadata: object }) => sagelite(['explain', requestIdOf(e), '--endpoint', server.url, '--data-dir', server.dataDir]);
  const rootArn = (acct: AccountKeys) => `arn:aws:iam::${acct.accountId}:root`;

  /** A role of `account` that `admin` may assume, with an inline policy (none when absent), and a session of it. */
  async function roleSession(account: AccountKeys, admin: Creds, name: string, document?: string): Promise<{ arn: string; creds: Creds }> {
    const iam = iamClient(server.url, account);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy({ AWS: rootArn(account) }) }))).Role!;
    if (document) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: document }));
    const sts = new STSClient({ endpoint: server.url, region: R, credentials: admin, maxAttempts: 1 });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'work' }))).Credentials!;
    return { arn: role.Arn!, creds: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
  }

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    a = createAccount(server.dataDir, 'grants-owner-a');
    b = createAccount(server.dataDir, 'grants-consumer-b');
  });
  after(() => server.stop());

  it('a role in B decrypts A’s ciphertext only with a grant AND its own IAM permission, within the grant’s constraint; its retiring principal retires it', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({ Description: 'shared by grant' }))).KeyMetadata!;
    const blob = (await kms(a).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('for b'), EncryptionContext: { purpose: 'features' } }))).CiphertextBlob!;
    const otherBlob = (await kms(a).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('not for b'), EncryptionContext: { purpose: 'payroll' } }))).CiphertextBlob!;
    const adminB = await adminUser(server.url, b);
    const consumer = await roleSession(b, adminB, 'consumer', policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'], Resource: key.Arn }));
    const unpoliced = await roleSession(b, adminB, 'unpoliced');
    const decrypt = (k: Creds, ciphertext = blob, purpose = 'features') => kms(k).send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { purpose } }));

    // No grant yet: A's default key policy trusts only A's IAM policies.
    const before = await rejection(decrypt(consumer.creds));
    assert.equal(before.name, 'AccessDeniedException');
    assert.match(before.message, /because no resource-based policy allows the kms:Decrypt action$/);
    assert.match(explain(before), new RegExp(`grants on ${key.Arn} naming the caller`));

    const made = await kms(a).send(new CreateGrantCommand({
      KeyId: key.KeyId!, GranteePrincipal: consumer.arn, RetiringPrincipal: consumer.arn, Operations: ['Decrypt', 'DescribeKey'],
      Constraints: { EncryptionContextSubset: { purpose: 'features' } },
    }));
    assert.match(made.GrantId!, /^[0-9a-f]{64}$/);
    assert.ok(made.GrantToken!.length > 0);
    await kms(a).send(new CreateGrantCommand({ KeyId: key.KeyId!, GranteePrincipal: unpoliced.arn, Operations: ['Decrypt'] }));

    const opened = await decrypt(consumer.creds);
    assert.deepEqual([text(opened.Plaintext), opened.KeyId], ['for b', key.Arn]);
    assert.equal((await kms(consumer.creds).send(new DescribeKeyCommand({ KeyId: key.Arn!, GrantTokens: [made.GrantToken!] }))).KeyMetadata!.KeyId, key.KeyId);

    // The constraint: another context is refused before any decryption, and explain says why.
    const wrongContext = await rejection(decrypt(consumer.creds, otherBlob, 'payroll'));
    assert.equal(wrongContext.name, 'AccessDeniedException');
    assert.match(explain(wrongContext), /EncryptionContextSubset \{"purpose":"features"\} is not within the request's encryption context \{"purpose":"payroll"\}/);
    // The grant allows no Encrypt (B's IAM policy would).
    await assertAwsError(kms(consumer.creds).send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: Buffer.from('x'), EncryptionContext: { purpose: 'features' } })), 'AccessDeniedException', 400,
      /because no resource-based policy allows the kms:Encrypt action$/);
    // A grant without the caller's own IAM permission: refused by B's side.
    const noIam = await rejection(decrypt(unpoliced.creds));
    assert.match(noIam.message, new RegExp(`^User: arn:aws:sts::${b.accountId}:assumed-role/unpoliced/work is not authorized to perform: kms:Decrypt on resource: ${key.Arn} because no identity-based policy allows the kms:Decrypt action$`));
    assert.match(explain(noIam), /Cross-account/);

    // The retiring principal retires the grant by its token — no IAM permission needed; the grant no longer allows.
    await kms(consumer.creds).send(new RetireGrantCommand({ GrantToken: made.GrantToken! }));
    const after = await rejection(decrypt(consumer.creds));
    assert.match(after.message, /because no resource-based policy allows the kms:Decrypt action$/);
    await assertAwsError(kms(a).send(new RevokeGrantCommand({ KeyId: key.KeyId!, GrantId: made.GrantId! })), 'InvalidGrantIdException', 400, `Grant ID ${made.GrantId} is not valid for this key.`);
  });

  it('in the key’s account a grant needs no key policy or IAM policy; Equals constraints; the key admin revokes; a named CreateGrant is idempotent', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const worker = await userWith(server.url, a, 'worker');
    const workerArn = `arn:aws:iam::${a.accountId}:user/worker`;
    const encrypt = (context: Record<string, string>) => kms(worker).send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: Buffer.from('x'), EncryptionContext: context }));
    // The default key policy delegates to A's IAM policies, and the worker has none.
    await assertAwsError(encrypt({ job: 'etl' }), 'AccessDeniedException', 400, /because no identity-based policy allows the kms:Encrypt action$/);

    const request = { KeyId: key.KeyId!, GranteePrincipal: workerArn, Operations: ['Encrypt' as const, 'Decrypt' as const, 'GenerateDataKey' as const, 'ReEncryptFrom' as const, 'ReEncryptTo' as const], Name: 'etl-job', Constraints: { EncryptionContextEquals: { job: 'etl' } } };
    const first = await kms(a).send(new CreateGrantCommand(request));
    const again = await kms(a).send(new CreateGrantCommand({ ...request, Operations: ['ReEncryptTo', 'Decrypt', 'Encrypt', 'GenerateDataKey', 'ReEncryptFrom'] }));
    assert.equal(again.GrantId, first.GrantId, 'the same name and parameters: the same grant');
    assert.notEqual(again.GrantToken, first.GrantToken, 'a new token each time');
    const other = await kms(a).send(new CreateGrantCommand({ ...request, Operations: ['Encrypt'] }));
    assert.notEqual(other.GrantId, first.GrantId, 'the same name with other parameters: another grant');

    const sealed = await encrypt({ job: 'etl' });
    assert.ok(sealed.CiphertextBlob);
    assert.ok((await encrypt({ JOB: 'etl' })).CiphertextBlob, 'a constraint’s keys are compared without case');
    await assertAwsError(encrypt({ job: 'etl', extra: 'x' }), 'AccessDeniedException', 400, /kms:Encrypt/);
    await assertAwsError(encrypt({ job: 'ETL' }), 'AccessDeniedException', 400, /kms:Encrypt/);
    assert.equal(text((await kms(worker).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob!, EncryptionContext: { job: 'etl' } }))).Plaintext), 'x');
    assert.equal((await kms(worker).send(new GenerateDataKeyCommand({ KeyId: key.Arn!, KeySpec: 'AES_256', EncryptionContext: { job: 'etl' } }))).Plaintext!.length, 32);
    const moved = await kms(worker).send(new ReEncryptCommand({ CiphertextBlob: sealed.CiphertextBlob!, SourceEncryptionContext: { job: 'etl' }, DestinationKeyId: key.Arn!, DestinationEncryptionContext: { job: 'etl' } }));
    assert.equal(moved.KeyId, key.Arn);

    // The worker may not manage grants; the key's administrator (A's root, by the key policy) revokes.
    const notAdmin = await rejection(kms(worker).send(new RevokeGrantCommand({ KeyId: key.Arn!, GrantId: first.GrantId! })));
    assert.match(notAdmin.message, /kms:RevokeGrant on resource: .* because no identity-based policy allows the kms:RevokeGrant action$/);
    assert.match(explain(notAdmin), new RegExp(`key policy of ${key.Arn}`));
    await kms(a).send(new RevokeGrantCommand({ KeyId: key.KeyId!, GrantId: first.GrantId! }));
    await kms(a).send(new RevokeGrantCommand({ KeyId: key.KeyId!, GrantId: other.GrantId! }));
    const revoked = await rejection(encrypt({ job: 'etl' }));
    assert.match(revoked.message, /because no identity-based policy allows the kms:Encrypt action$/);
    assert.match(explain(revoked), new RegExp(`grants on ${key.Arn} naming the caller → NoMatch`));
  });

  it('ListGrants and ListRetirableGrants page by Marker; filters by grantee and grant id; only one’s own account’s principals may be listed', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const retirer = `arn:aws:iam::${a.accountId}:user/retirer`;
    const retirerCreds = await userWith(server.url, a, 'retirer');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await kms(a).send(new CreateGrantCommand({ KeyId: key.KeyId!, GranteePrincipal: i % 2 ? rootArn(b) : rootArn(a), RetiringPrincipal: retirer, Operations: ['Decrypt'], Name: `g${i}` }))).GrantId!);
    }
    const pages: GrantListEntry[][] = [];
    let marker: string | undefined;
    do {
      const page = await kms(a).send(new ListGrantsCommand({ KeyId: key.Arn!, Limit: 2, ...(marker ? { Marker: marker } : {}) }));
      pages.push(page.Grants!);
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
    assert.deepEqual(pages.flat().map((g) => g.GrantId), made, 'every grant once, by creation');
    const [entry] = pages[0]!;
    assert.deepEqual([entry!.KeyId, entry!.Name, entry!.GranteePrincipal, entry!.RetiringPrincipal, entry!.IssuingAccount, entry!.Operations],
      [key.Arn, 'g0', rootArn(a), retirer, rootArn(a), ['Decrypt']]);
    assert.ok(entry!.CreationDate instanceof Date);
    assert.deepEqual((await kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId!, GranteePrincipal: rootArn(b) }))).Grants!.map((g) => g.GrantId), [made[1], made[3]]);
    assert.deepEqual((await kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId!, GrantId: made[2]! }))).Grants!.map((g) => g.Name), ['g2']);
    await assertAwsError(kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId!, Marker: 'forged' })), 'InvalidMarkerException', 400, 'The marker is not valid for this request.');
    await assertAwsError(kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId!, GrantId: 'nope' })), 'InvalidGrantIdException', 400, /nope/);

    const retirable = await kms(a).send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer, Limit: 3 }));
    assert.deepEqual([retirable.Grants!.length, retirable.Truncated], [3, true]);
    const rest = await kms(a).send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer, Limit: 3, Marker: retirable.NextMarker! }));
    assert.deepEqual([...retirable.Grants!, ...rest.Grants!].map((g) => g.GrantId), made);
    assert.equal(rest.Truncated, false);
    const foreign = await rejection(kms(a).send(new ListRetirableGrantsCommand({ RetiringPrincipal: `arn:aws:iam::${b.accountId}:user/someone` })));
    assert.equal(foreign.name, 'AccessDeniedException');
    assert.match(explain(foreign), /is not a principal of the caller's account/);

    // The retiring principal retires one by key and grant id (no IAM policy needed); another principal of the
    // key's account needs kms:RetireGrant in its IAM policy; the account's root retires another.
    await kms(retirerCreds).send(new RetireGrantCommand({ KeyId: key.Arn!, GrantId: made[1]! }));
    const bystander = await userWith(server.url, a, 'bystander');
    const refused = await rejection(kms(bystander).send(new RetireGrantCommand({ KeyId: key.Arn!, GrantId: made[0]! })));
    assert.match(refused.message, /kms:RetireGrant on resource: .* because no identity-based policy allows the kms:RetireGrant action$/);
    assert.match(explain(refused), /the key’s account may retire its grants/);
    await kms(a).send(new RetireGrantCommand({ KeyId: key.Arn!, GrantId: made[0]! }));
    assert.deepEqual((await kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId! }))).Grants!.map((g) => g.GrantId), made.slice(2));
  });

  it('a grant allowing CreateGrant lets its grantee make grants only as narrow; the key policy’s grant condition keys hold', async () => {
    const delegatorArn = `arn:aws:iam::${a.accountId}:user/delegator`;
    const key = (await kms(a).send(new CreateKeyCommand({
      Policy: policy(
        { Sid: 'admin', Effect: 'Allow', Principal: { AWS: rootArn(a) }, Action: 'kms:*', Resource: '*' },
        { Sid: 'delegate-decrypt-only', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/policy-delegator` }, Action: 'kms:CreateGrant', Resource: '*',
          Condition: { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'DescribeKey'] }, StringEquals: { 'kms:GranteePrincipal': rootArn(b) }, Bool: { 'kms:GrantIsForAWSResource': 'false' } } },
      ),
    }))).KeyMetadata!;
    const delegator = await userWith(server.url, a, 'delegator');
    const policyDelegator = await userWith(server.url, a, 'policy-delegator');
    await kms(a).send(new CreateGrantCommand({ KeyId: key.KeyId!, GranteePrincipal: delegatorArn, Operations: ['Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { team: 'ml' } } }));

    const grantAs = (k: Creds, ops: Array<'Decrypt' | 'Encrypt' | 'DescribeKey'>, constraints?: Record<string, Record<string, string>>, grantee = rootArn(b)) =>
      kms(k).send(new CreateGrantCommand({ KeyId: key.Arn!, GranteePrincipal: grantee, Operations: ops, ...(constraints ? { Constraints: constraints } : {}) }));
    assert.ok((await grantAs(delegator, ['Decrypt'], { EncryptionContextSubset: { team: 'ml', stage: 'prod' } })).GrantId, 'stricter constraint, same operations');
    const wider = await rejection(grantAs(delegator, ['Encrypt'], { EncryptionContextSubset: { team: 'ml' } }));
    assert.match(wider.message, /kms:CreateGrant on resource: /);
    assert.match(explain(wider), /the new grant's operations \[Encrypt\] are not among this grant's/);
    await assertAwsError(grantAs(delegator, ['Decrypt']), 'AccessDeniedException', 400, /kms:CreateGrant/);

    assert.ok((await grantAs(policyDelegator, ['Decrypt'])).GrantId, 'within the key policy’s conditions');
    await assertAwsError(grantAs(policyDelegator, ['Decrypt', 'Encrypt']), 'AccessDeniedException', 400, /kms:CreateGrant/);
    await assertAwsError(grantAs(policyDelegator, ['Decrypt'], undefined, rootArn(a)), 'AccessDeniedException', 400, /kms:CreateGrant/);
  });

  it('CreateGrant refuses what KMS refuses: operations, principals, constraints, tokens', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const create = (over: Record<string, unknown>) => kms(a).send(new CreateGrantCommand({ KeyId: key.KeyId!, GranteePrincipal: rootArn(b), Operations: ['Decrypt'], ...over } as never));
    await assertAwsError(create({ Operations: ['Sign', 'Decrypt', 'GenerateMac'] }), 'ValidationException', 400,
      'Grant operations [Sign, GenerateMac] are not valid for a symmetric encryption KMS key (KeySpec SYMMETRIC_DEFAULT).');
    await assertAwsError(create({ Operations: ['CreateGrant'] }), 'ValidationException', 400, 'Grants must not contain only the CreateGrant operation.');
    await assertAwsError(create({ Operations: ['Bogus'] }), 'ValidationException', 400, /Member must satisfy enum value set/);
    const ghost = `arn:aws:iam::${b.accountId}:role/ghost`;
    await assertAwsError(create({ GranteePrincipal: ghost }), 'InvalidArnException', 400, `ARN does not refer to a valid principal: ${ghost}`);
    await assertAwsError(create({ GranteePrincipal: 'nobody' }), 'InvalidArnException', 400, 'ARN does not refer to a valid principal: nobody');
    await assertAwsError(create({ RetiringPrincipal: 'arn:aws:iam::000000000000:root' }), 'InvalidArnException', 400, /000000000000:root/);
    await assertAwsError(create({ Constraints: { EncryptionContextSubset: { a: '1' }, EncryptionContextEquals: { a: '1' } } }), 'ValidationException', 400, /either an EncryptionContextSubset or an EncryptionContextEquals/);
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    await assertAwsError(create({ Constraints: { EncryptionContextSubset: nine } }), 'ValidationException', 400, /at most 8 encryption context pairs/);
    await assertAwsError(create({ GrantTokens: ['not-a-token'] }), 'InvalidGrantTokenException', 400, 'The grant token is not valid.');
    await assertAwsError(kms(a).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x'), GrantTokens: ['bm9wZQ=='] })), 'InvalidGrantTokenException', 400, /not valid/);
    await assertAwsError(kms(a).send(new RetireGrantCommand({})), 'ValidationException', 400, 'Grant token OR (grant ID, key ID) must be specified');
    await assertAwsError(create({ DryRun: true }), 'DryRunOperationException', 412, /DryRun/);
    assert.deepEqual((await kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId! }))).Grants, [], 'nothing was made');
  });

  it('another account allowed to make grants on A’s key can make at most 500: it cannot use up the key; A still can', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({
      Policy: policy(
        { Sid: 'admin', Effect: 'Allow', Principal: { AWS: rootArn(a) }, Action: 'kms:*', Resource: '*' },
        { Sid: 'b-grants', Effect: 'Allow', Principal: { AWS: rootArn(b) }, Action: 'kms:CreateGrant', Resource: '*' },
      ),
    }))).KeyMetadata!;
    const bRoleArn = `arn:aws:iam::${b.accountId}:role/consumer`;
    for (let i = 0; i < 500; i++) {
      await kms(b).send(new CreateGrantCommand({ KeyId: key.Arn!, GranteePrincipal: i % 2 ? rootArn(b) : bRoleArn, Operations: ['Decrypt'] }));
    }
    await assertAwsError(kms(b).send(new CreateGrantCommand({ KeyId: key.Arn!, GranteePrincipal: rootArn(b), Operations: ['Decrypt'] })), 'LimitExceededException', 400,
      new RegExp(`has 500 grants made by account ${b.accountId}, the most sagelite lets another account make on a key`));
    const listed = await kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId!, Limit: 1 }));
    assert.equal(listed.Grants![0]!.IssuingAccount, rootArn(b));
    assert.ok((await kms(a).send(new CreateGrantCommand({ KeyId: key.KeyId!, GranteePrincipal: rootArn(a), Operations: ['Decrypt'] }))).GrantId, 'the key’s owner still makes grants');
  });

  it('the lockout safety check: a key policy that would not let the caller put the key policy again is refused unless bypassed', async () => {
    const lockout = 'The new key policy will not allow you to update the key policy in the future.';
    const onlyOther = policy({ Sid: 'someone-else', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/worker` }, Action: 'kms:*', Resource: '*' });
    await assertAwsError(kms(a).send(new CreateKeyCommand({ Policy: onlyOther })), 'MalformedPolicyDocumentException', 400, lockout);
    const bypassed = (await kms(a).send(new CreateKeyCommand({ Policy: onlyOther, BypassPolicyLockoutSafetyCheck: true }))).KeyMetadata!;
    await assertAwsError(kms(a).send(new DescribeKeyCommand({ KeyId: bypassed.KeyId! })), 'AccessDeniedException', 400, /no resource-based policy allows the kms:DescribeKey action/);

    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const noPut = policy({ Effect: 'Allow', Principal: { AWS: rootArn(a) }, NotAction: 'kms:PutKeyPolicy', Resource: '*' });
    await assertAwsError(kms(a).send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: noPut })), 'MalformedPolicyDocumentException', 400, lockout);
    // Evaluated as the caller: an IAM user whose own policy lacks kms:PutKeyPolicy is refused a policy that delegates to the account…
    const keyAdmin = await userWith(server.url, a, 'key-admin', policy({ Effect: 'Allow', Action: ['kms:PutKeyPolicy', 'kms:CreateKey'], Resource: '*' }));
    const creator = await userWith(server.url, a, 'key-creator', policy({ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' }));
    const delegating = policy({ Effect: 'Allow', Principal: { AWS: rootArn(a) }, Action: 'kms:*', Resource: '*' });
    await assertAwsError(kms(creator).send(new CreateKeyCommand({ Policy: delegating })), 'MalformedPolicyDocumentException', 400, lockout);
    // … and allowed one that names it, or with its IAM permission.
    const namingCreator = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/key-creator` }, Action: 'kms:PutKeyPolicy', Resource: '*' });
    assert.ok((await kms(creator).send(new CreateKeyCommand({ Policy: namingCreator }))).KeyMetadata!.KeyId);
    assert.ok((await kms(keyAdmin).send(new CreateKeyCommand({ Policy: delegating }))).KeyMetadata!.KeyId);
    await kms(a).send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: noPut, BypassPolicyLockoutSafetyCheck: true }));
    await assertAwsError(kms(a).send(new PutKeyPolicyCommand({ KeyId: key.KeyId!, Policy: delegating })), 'AccessDeniedException', 400, /kms:PutKeyPolicy/);
  });

  it('last (it moves the clock): a key’s grants go with the key', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const retirer = await userWith(server.url, a, 'late-retirer', policy({ Effect: 'Allow', Action: 'kms:ListRetirableGrants', Resource: '*' }));
    const retirerArn = `arn:aws:iam::${a.accountId}:user/late-retirer`;
    await kms(a).send(new CreateGrantCommand({ KeyId: key.KeyId!, GranteePrincipal: retirerArn, RetiringPrincipal: retirerArn, Operations: ['Decrypt'] }));
    assert.equal((await kms(retirer).send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirerArn }))).Grants!.length, 1);
    await kms(a).send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
    assert.equal((await kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId! }))).Grants!.length, 1, 'a key pending deletion keeps its grants');
    const skip = 8 * 86_400_000;
    await new AdminClient({ endpoint: server.url, credentials: server.operatorKey() }).call('AdvanceClock', { Milliseconds: skip });
    offsetMs = skip;
    await assertAwsError(kms(a).send(new ListGrantsCommand({ KeyId: key.KeyId! })), 'NotFoundException', 400, `Key '${key.Arn}' does not exist`);
    assert.deepEqual((await kms(retirer).send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirerArn }))).Grants, []);
  });
});
