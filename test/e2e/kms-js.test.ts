import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand,
  PutKeyPolicyCommand, ReEncryptCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, rejection, userWith } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string };
const R = 'us-east-1';
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString();
/** KMS sends InvalidCiphertextException without a message; the JS SDK then says UnknownError. */
const NO_MESSAGE = /^(|UnknownError)$/;
const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;

/**
 * KMS (issue 16): symmetric keys, their key policies and aliases, and the cryptographic
 * operations, across accounts — a consumer in B uses A's key only where A's key policy and B's own
 * IAM policy both allow, and each refusal is explained (JS SDK v3).
 */
describe('KMS: keys, key policies and encryption across accounts (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  const kms = (k: Creds) => new KMSClient({ endpoint: server.url, region: R, credentials: k, maxAttempts: 1 });

  const userIn = (account: AccountKeys, name: string, document?: string): Promise<Creds> => userWith(server.url, account, name, document);

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    a = createAccount(server.dataDir, 'kms-owner-a');
    b = createAccount(server.dataDir, 'kms-consumer-b');
  });
  after(() => server.stop());

  it('a key’s life: create with the default policy, describe, alias, tag, disable, schedule and cancel deletion', async () => {
    const created = (await kms(a).send(new CreateKeyCommand({ Description: 'offline store', Tags: [{ TagKey: 'team', TagValue: 'ml' }] }))).KeyMetadata!;
    assert.match(created.KeyId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(created.Arn, `arn:aws:kms:${R}:${a.accountId}:key/${created.KeyId}`);
    assert.deepEqual([created.KeyState, created.Enabled, created.KeyUsage, created.KeySpec, created.KeyManager, created.Origin, created.MultiRegion, created.EncryptionAlgorithms],
      ['Enabled', true, 'ENCRYPT_DECRYPT', 'SYMMETRIC_DEFAULT', 'CUSTOMER', 'AWS_KMS', false, ['SYMMETRIC_DEFAULT']]);
    const keyPolicy = JSON.parse((await kms(a).send(new GetKeyPolicyCommand({ KeyId: created.KeyId! }))).Policy!);
    assert.deepEqual(keyPolicy, { Version: '2012-10-17', Id: 'key-default-1', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'kms:*', Resource: '*' }] });
    await kms(a).send(new CreateAliasCommand({ AliasName: 'alias/offline', TargetKeyId: created.KeyId! }));
    await assertAwsError(kms(a).send(new CreateAliasCommand({ AliasName: 'alias/offline', TargetKeyId: created.KeyId! })), 'AlreadyExistsException', 400,
      `An alias with the name arn:aws:kms:${R}:${a.accountId}:alias/offline already exists`);
    await assertAwsError(kms(a).send(new CreateAliasCommand({ AliasName: 'offline', TargetKeyId: created.KeyId! })), 'ValidationException', 400, /^Alias must start with the prefix "alias\/"/);
    await assertAwsError(kms(a).send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: created.KeyId! })), 'NotAuthorizedException', 400, /reserved for AWS managed keys/);
    assert.equal((await kms(a).send(new DescribeKeyCommand({ KeyId: 'alias/offline' }))).KeyMetadata!.KeyId, created.KeyId);
    const second = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms(a).send(new UpdateAliasCommand({ AliasName: 'alias/offline', TargetKeyId: second.Arn! }));
    const aliases = (await kms(a).send(new ListAliasesCommand({}))).Aliases!;
    assert.deepEqual(aliases.map((x) => [x.AliasName, x.AliasArn, x.TargetKeyId]), [['alias/offline', `arn:aws:kms:${R}:${a.accountId}:alias/offline`, second.KeyId]]);
    await kms(a).send(new DeleteAliasCommand({ AliasName: 'alias/offline' }));
    await assertAwsError(kms(a).send(new DescribeKeyCommand({ KeyId: 'alias/offline' })), 'NotFoundException', 400, `Alias arn:aws:kms:${R}:${a.accountId}:alias/offline is not found.`);
    await kms(a).send(new TagResourceCommand({ KeyId: created.KeyId!, Tags: [{ TagKey: 'stage', TagValue: 'dev' }] }));
    assert.deepEqual((await kms(a).send(new ListResourceTagsCommand({ KeyId: created.KeyId! }))).Tags, [{ TagKey: 'team', TagValue: 'ml' }, { TagKey: 'stage', TagValue: 'dev' }]);
    const keys = (await kms(a).send(new ListKeysCommand({ Limit: 1 })));
    assert.equal(keys.Keys!.length, 1);
    assert.equal(keys.Truncated, true);
    assert.equal((await kms(a).send(new ListKeysCommand({ Marker: keys.NextMarker! }))).Keys!.length, 1);

    await kms(a).send(new DisableKeyCommand({ KeyId: created.KeyId! }));
    await assertAwsError(kms(a).send(new EncryptCommand({ KeyId: created.KeyId!, Plaintext: Buffer.from('x') })), 'DisabledException', 400, `${created.Arn} is disabled.`);
    await kms(a).send(new EnableKeyCommand({ KeyId: created.KeyId! }));
    const scheduled = await kms(a).send(new ScheduleKeyDeletionCommand({ KeyId: created.KeyId!, PendingWindowInDays: 7 }));
    assert.deepEqual([scheduled.KeyId, scheduled.KeyState, scheduled.PendingWindowInDays], [created.Arn, 'PendingDeletion', 7]);
    const pending = (await kms(a).send(new DescribeKeyCommand({ KeyId: created.KeyId! }))).KeyMetadata!;
    assert.deepEqual([pending.KeyState, pending.Enabled, pending.DeletionDate?.getTime()], ['PendingDeletion', false, scheduled.DeletionDate!.getTime()]);
    await assertAwsError(kms(a).send(new EncryptCommand({ KeyId: created.KeyId!, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', 400, `${created.Arn} is pending deletion.`);
    await assertAwsError(kms(a).send(new ScheduleKeyDeletionCommand({ KeyId: second.KeyId!, PendingWindowInDays: 3 })), 'ValidationException', 400, /between 7 and 30/);
    assert.equal((await kms(a).send(new CancelKeyDeletionCommand({ KeyId: created.KeyId! }))).KeyId, created.Arn);
    assert.equal((await kms(a).send(new DescribeKeyCommand({ KeyId: created.KeyId! }))).KeyMetadata!.KeyState, 'Disabled', 'a key whose deletion is cancelled is disabled');
    await assertAwsError(kms(a).send(new CancelKeyDeletionCommand({ KeyId: created.KeyId! })), 'KMSInvalidStateException', 400, `${created.Arn} is not pending deletion.`);
    const unknown = `arn:aws:kms:${R}:${a.accountId}:key/00000000-0000-4000-8000-000000000000`;
    await assertAwsError(kms(a).send(new DescribeKeyCommand({ KeyId: '00000000-0000-4000-8000-000000000000' })), 'NotFoundException', 400, `Key '${unknown}' does not exist`);
    await assertAwsError(kms(a).send(new DescribeKeyCommand({ KeyId: 'not-a-key' })), 'NotFoundException', 400, "Invalid keyId 'not-a-key'");
  });

  it('encrypts and decrypts with an encryption context; data keys, re-encryption and random bytes', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const other = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const context = { purpose: 'offline-store', group: 'customers' };
    const enc = await kms(a).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('secret'), EncryptionContext: context }));
    assert.equal(enc.KeyId, key.Arn);
    assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const dec = await kms(a).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob!, EncryptionContext: { group: 'customers', purpose: 'offline-store' } }));
    assert.deepEqual([text(dec.Plaintext), dec.KeyId], ['secret', key.Arn]);
    await assertAwsError(kms(a).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob!, EncryptionContext: { purpose: 'other' } })), 'InvalidCiphertextException', 400, NO_MESSAGE);
    await assertAwsError(kms(a).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob!, KeyId: other.KeyId!, EncryptionContext: context })), 'IncorrectKeyException', 400,
      'The key ID in the request does not identify a KMS key that can perform this operation.');
    await assertAwsError(kms(a).send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a ciphertext at all') })), 'InvalidCiphertextException', 400, NO_MESSAGE);
    await assertAwsError(kms(a).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.alloc(4097) })), 'ValidationException', 400, /plaintext|Plaintext/);

    const dk = await kms(a).send(new GenerateDataKeyCommand({ KeyId: key.Arn!, KeySpec: 'AES_256' }));
    assert.equal(dk.Plaintext!.length, 32);
    assert.deepEqual(Buffer.from((await kms(a).send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob! }))).Plaintext!), Buffer.from(dk.Plaintext!));
    const bare = await kms(a).send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId!, NumberOfBytes: 16 }));
    assert.equal((bare as { Plaintext?: Uint8Array }).Plaintext, undefined);
    assert.equal((await kms(a).send(new DecryptCommand({ CiphertextBlob: bare.CiphertextBlob! }))).Plaintext!.length, 16);
    await assertAwsError(kms(a).send(new GenerateDataKeyCommand({ KeyId: key.KeyId! })), 'ValidationException', 400, /either number of bytes or key spec/);

    const moved = await kms(a).send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob!, SourceEncryptionContext: context, DestinationKeyId: other.KeyId! }));
    assert.deepEqual([moved.SourceKeyId, moved.KeyId], [key.Arn, other.Arn]);
    assert.equal(text((await kms(a).send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob! }))).Plaintext), 'secret');
    assert.equal((await kms(a).send(new GenerateRandomCommand({ NumberOfBytes: 48 }))).Plaintext!.length, 48);
  });

  it('in its own account a key policy must allow: IAM policies count only where it delegates to the account', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!;
    const noPolicy = await userIn(a, 'no-policy');
    const e = await rejection(kms(noPolicy).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, new RegExp(`^User: arn:aws:iam::${a.accountId}:user/no-policy is not authorized to perform: kms:Encrypt on resource: ${key.Arn} because no identity-based policy allows the kms:Encrypt action$`));
    const user = await userIn(a, 'kms-user', policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
    assert.ok((await kms(user).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob);
    // A policy naming only another principal: the user's own IAM policy no longer suffices, nor does the root user.
    await kms(a).send(new PutKeyPolicyCommand({
      KeyId: key.KeyId!, PolicyName: 'default', BypassPolicyLockoutSafetyCheck: true,
      Policy: policy({ Sid: 'admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/no-policy` }, Action: 'kms:*', Resource: '*' }),
    }));
    const denied = await rejection(kms(user).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })));
    assert.match(denied.message, new RegExp(`on resource: ${key.Arn} because no resource-based policy allows the kms:Encrypt action$`));
    await assertAwsError(kms(a).send(new DescribeKeyCommand({ KeyId: key.KeyId! })), 'AccessDeniedException', 400, /because no resource-based policy allows the kms:DescribeKey action$/);
    assert.ok((await kms(noPolicy).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }))).CiphertextBlob, 'named directly, the user needs no IAM policy');
    const explanation = sagelite(['explain', requestIdOf(denied), '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explanation, new RegExp(`key policy of ${key.Arn}`));
    assert.match(explanation, /key policy must allow explicitly/);
    await assertAwsError(kms(a).send(new PutKeyPolicyCommand({ KeyId: 'alias/none', Policy: '{}' })), 'NotFoundException', 400, /alias\/none is not found/);
  });

  it('across accounts: B uses A’s key only where A’s key policy and B’s IAM policy both allow, with the context the policy asks for', async () => {
    const key = (await kms(a).send(new CreateKeyCommand({ Description: 'shared' }))).KeyMetadata!;
    await kms(a).send(new CreateAliasCommand({ AliasName: 'alias/shared', TargetKeyId: key.KeyId! }));
    const blob = (await kms(a).send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('for b'), EncryptionContext: { purpose: 'features' } }))).CiphertextBlob!;
    const consumer = await userIn(b, 'consumer', policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'], Resource: key.Arn }));
    const unpoliced = await userIn(b, 'unpoliced');
    const decryptAs = (k: Creds, context = { purpose: 'features' }) => kms(k).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));

    // A's default key policy trusts only A's own IAM policies.
    const refused = await rejection(decryptAs(consumer));
    assert.equal(refused.name, 'AccessDeniedException');
    assert.match(refused.message, new RegExp(`^User: arn:aws:iam::${b.accountId}:user/consumer is not authorized to perform: kms:Decrypt on resource: ${key.Arn} because no resource-based policy allows the kms:Decrypt action$`));
    const explained = sagelite(['explain', requestIdOf(refused), '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explained, /Cross-account/);
    assert.match(explained, new RegExp(`key policy of ${key.Arn}`));

    await kms(a).send(new PutKeyPolicyCommand({
      KeyId: key.KeyId!,
      Policy: policy(
        { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'b-decrypts-features', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'features', 'kms:CallerAccount': b.accountId } } },
        { Sid: 'b-describes', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 'kms:DescribeKey', Resource: '*' },
      ),
    }));
    assert.deepEqual([text((await decryptAs(consumer)).Plaintext), (await decryptAs(consumer)).KeyId], ['for b', key.Arn]);
    assert.equal((await kms(consumer).send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${R}:${a.accountId}:alias/shared` }))).KeyMetadata!.KeyId, key.KeyId, 'an alias ARN reaches another account’s key');
    await assertAwsError(kms(consumer).send(new DescribeKeyCommand({ KeyId: 'alias/shared' })), 'NotFoundException', 400, /alias\/shared is not found/);
    const wrongContext = await rejection(decryptAs(consumer, { purpose: 'other' }));
    assert.equal(wrongContext.name, 'AccessDeniedException', 'the key policy’s condition on the context refuses before any decryption');
    await assertAwsError(kms(consumer).send(new EncryptCommand({ KeyId: key.Arn!, Plaintext: Buffer.from('x') })), 'AccessDeniedException', 400, /because no resource-based policy allows the kms:Encrypt action$/);
    await assertAwsError(decryptAs(unpoliced), 'AccessDeniedException', 400, /because no identity-based policy allows the kms:Decrypt action$/);
    // Another account cannot manage A's key, nor learn whether a key exists.
    await assertAwsError(kms(consumer).send(new DisableKeyCommand({ KeyId: key.Arn! })), 'NotFoundException', 400, `Key '${key.Arn}' does not exist`);
    const ghost = `arn:aws:kms:${R}:${a.accountId}:key/00000000-0000-4000-8000-00000000beef`;
    await assertAwsError(kms(consumer).send(new DescribeKeyCommand({ KeyId: ghost })), 'AccessDeniedException', 400, new RegExp(`kms:DescribeKey on resource: ${ghost}`));
  });
});
