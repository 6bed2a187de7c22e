import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, clientEnv, createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { botocoreModelsEnv } from '../support/botocore-models.js';

const R = 'us-east-1';

interface KeyMetadata { KeyId: string; Arn: string; KeyState: string; Enabled: boolean; Description: string; DeletionDate?: string | number }

/**
 * KMS (issue 16) with the AWS CLI as a shell user drives it: blobs go in as files (`fileb://`)
 * and come out base64-encoded in the JSON output; a key's life from create-key to a cancelled
 * deletion; and a user with no policy refused.
 */
describe('KMS with the AWS CLI: keys, aliases, encryption with fileb:// and key deletion', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** Runs `aws …` as `as` (A's root by default) with --output json; the test fails if it exits non-zero. */
  const cli = (args: string[], as: NodeJS.ProcessEnv = env): string => {
    const r = awsCli([...args, '--output', 'json'], as);
    assert.equal(r.status, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = <T>(args: string[], as?: NodeJS.ProcessEnv): T => JSON.parse(cli(args, as)) as T;
  /** Writes bytes to a file of the test's directory and names it for `fileb://`. */
  const fileb = (name: string, bytes: Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return `fileb://${path}`;
  };

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'kms-cli-a');
    dir = mkdtempSync(join(tmpdir(), 'sagelite-kms-cli-'));
    env = { ...clientEnv(server.url, a), ...botocoreModelsEnv() };
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('create-key, create-alias, encrypt and decrypt files with an encryption context, describe-key, schedule and cancel deletion', () => {
    const key = json<{ KeyMetadata: KeyMetadata }>(['kms', 'create-key', '--description', 'cli key']).KeyMetadata;
    assert.equal(key.Arn, `arn:aws:kms:${R}:${a.accountId}:key/${key.KeyId}`);
    assert.deepEqual([key.KeyState, key.Enabled, key.Description], ['Enabled', true, 'cli key']);

    assert.equal(cli(['kms', 'create-alias', '--alias-name', 'alias/cli-key', '--target-key-id', key.KeyId]).trim(), '');
    const aliases = json<string[][]>(['kms', 'list-aliases', '--query', 'Aliases[].[AliasName, TargetKeyId]']);
    assert.deepEqual(aliases, [['alias/cli-key', key.KeyId]]);

    // Binary that is not UTF-8, so the bytes must round-trip as bytes.
    const secret = Buffer.from([0x00, 0xff, 0x10, 0x80, ...Buffer.from(' secret for the CLI\n')]);
    const enc = json<{ CiphertextBlob: string; KeyId: string; EncryptionAlgorithm: string }>(['kms', 'encrypt', '--key-id', 'alias/cli-key',
      '--plaintext', fileb('plain.bin', secret), '--encryption-context', 'purpose=cli,stage=test']);
    assert.deepEqual([enc.KeyId, enc.EncryptionAlgorithm], [key.Arn, 'SYMMETRIC_DEFAULT']);
    const blob = fileb('cipher.bin', Buffer.from(enc.CiphertextBlob, 'base64'));

    const dec = json<{ Plaintext: string; KeyId: string }>(['kms', 'decrypt', '--ciphertext-blob', blob, '--encryption-context', 'stage=test,purpose=cli']);
    assert.equal(dec.KeyId, key.Arn);
    assert.deepEqual(Buffer.from(dec.Plaintext, 'base64'), secret, 'the CLI prints Plaintext base64-encoded');
    const plain = cli(['kms', 'decrypt', '--ciphertext-blob', blob, '--encryption-context', 'purpose=cli,stage=test', '--query', 'Plaintext']);
    assert.deepEqual(Buffer.from(JSON.parse(plain) as string, 'base64'), secret);

    const wrong = awsCli(['kms', 'decrypt', '--ciphertext-blob', blob, '--encryption-context', 'purpose=other'], env);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /An error occurred \(InvalidCiphertextException\) when calling the Decrypt operation/);

    const described = json<string[]>(['kms', 'describe-key', '--key-id', 'alias/cli-key', '--query', 'KeyMetadata.[KeyId, Arn, KeyState, KeyUsage, KeySpec, Origin]']);
    assert.deepEqual(described, [key.KeyId, key.Arn, 'Enabled', 'ENCRYPT_DECRYPT', 'SYMMETRIC_DEFAULT', 'AWS_KMS']);

    const started = Date.now();
    const scheduled = json<{ KeyId: string; KeyState: string; PendingWindowInDays: number; DeletionDate: string | number }>(['kms', 'schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7']);
    assert.deepEqual([scheduled.KeyId, scheduled.KeyState, scheduled.PendingWindowInDays], [key.Arn, 'PendingDeletion', 7]);
    const deletion = typeof scheduled.DeletionDate === 'number' ? scheduled.DeletionDate * 1000 : Date.parse(scheduled.DeletionDate);
    const week = 7 * 24 * 3600 * 1000;
    assert.ok(Math.abs(deletion - (started + week)) < 10 * 60 * 1000, `deletion date ${String(scheduled.DeletionDate)} is about 7 days away`);
    assert.equal(json<string>(['kms', 'describe-key', '--key-id', key.KeyId, '--query', 'KeyMetadata.KeyState']), 'PendingDeletion');
    const pending = awsCli(['kms', 'encrypt', '--key-id', key.KeyId, '--plaintext', fileb('x.bin', Buffer.from('x'))], env);
    assert.notEqual(pending.status, 0);
    assert.match(pending.stderr, new RegExp(`An error occurred \\(KMSInvalidStateException\\) when calling the Encrypt operation: ${key.Arn} is pending deletion\\.`));

    assert.equal(json<{ KeyId: string }>(['kms', 'cancel-key-deletion', '--key-id', key.KeyId]).KeyId, key.Arn);
    const cancelled = json<KeyMetadata>(['kms', 'describe-key', '--key-id', key.KeyId, '--query', 'KeyMetadata']);
    assert.deepEqual([cancelled.KeyState, cancelled.Enabled, cancelled.DeletionDate], ['Disabled', false, undefined], 'a key whose deletion is cancelled is disabled');
    cli(['kms', 'enable-key', '--key-id', key.KeyId]);
    const again = json<{ Plaintext: string }>(['kms', 'decrypt', '--ciphertext-blob', blob, '--encryption-context', 'purpose=cli,stage=test']);
    assert.deepEqual(Buffer.from(again.Plaintext, 'base64'), secret);
  });

  it('a user with no policy is refused with AccessDeniedException', () => {
    const key = json<string>(['kms', 'create-key', '--query', 'KeyMetadata.Arn']);
    cli(['iam', 'create-user', '--user-name', 'no-policy']);
    const access = json<{ AccessKeyId: string; SecretAccessKey: string }>(['iam', 'create-access-key', '--user-name', 'no-policy', '--query', 'AccessKey']);
    const user = { ...clientEnv(server.url, { accessKeyId: access.AccessKeyId, secretAccessKey: access.SecretAccessKey }), ...botocoreModelsEnv() };
    const refused = awsCli(['kms', 'encrypt', '--key-id', key, '--plaintext', fileb('y.bin', Buffer.from('y'))], user);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, new RegExp(`An error occurred \\(AccessDeniedException\\) when calling the Encrypt operation: User: arn:aws:iam::${a.accountId}:user/no-policy `
      + `is not authorized to perform: kms:Encrypt on resource: ${key} because no identity-based policy allows the kms:Encrypt action`));
    const described = awsCli(['kms', 'describe-key', '--key-id', key], user);
    assert.notEqual(described.status, 0);
    assert.match(described.stderr, /\(AccessDeniedException\) when calling the DescribeKey operation: .* because no identity-based policy allows the kms:DescribeKey action/);
  });
});
