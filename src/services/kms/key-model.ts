import type { KmsKeyDocument } from '../../storage/kms.js';

/**
 * What KMS decides about one key, as pure functions of its document and the time. A key pending
 * deletion is gone once its deletion date passes: sagelite settles that when the key is read, as
 * RAM's invitations settle (no sweep needs to run for it to hold).
 */

/** The key policy KMS gives a key created without one: the account's IAM policies decide. */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  }, null, 2);
}

/** Whether the key still exists at `now` (a key pending deletion is gone after its deletion date). */
export function exists(doc: KmsKeyDocument, now: number): boolean {
  return !(doc.state === 'PendingDeletion' && doc.deletionDate !== undefined && doc.deletionDate <= now);
}

/** DescribeKey's KeyMetadata (and CreateKey's): a symmetric encryption key made by KMS. */
export function keyMetadata(doc: KmsKeyDocument): Record<string, unknown> {
  return {
    AWSAccountId: doc.accountId,
    KeyId: doc.keyId,
    Arn: doc.arn,
    CreationDate: new Date(doc.createdAt),
    Enabled: doc.state === 'Enabled',
    Description: doc.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: doc.state,
    ...(doc.state === 'PendingDeletion' && doc.deletionDate !== undefined ? { DeletionDate: new Date(doc.deletionDate) } : {}),
    Origin: 'AWS_KMS',
    KeyManager: doc.keyManager,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}
