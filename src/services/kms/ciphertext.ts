import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { invalidCiphertext } from './errors.js';

/**
 * sagelite's ciphertext blobs. KMS's format is its own and undocumented; a blob only has to say
 * which key made it and carry what that key needs to open it, so that Decrypt may be called
 * without a KeyId — by another account too — and every byte is bound by the authentication tag:
 *
 *   0x01 ‖ account id (12 ASCII digits) ‖ key id (36 ASCII) ‖ IV (12) ‖ GCM tag (16) ‖ ciphertext
 *
 * AES-256-GCM under the key's material, with the header and the encryption context (its pairs
 * sorted by key, as JSON) as additional data: a changed header, a wrong context or another key's
 * material all fail as KMS fails, with InvalidCiphertextException.
 */
const VERSION = 0x01;
const HEADER = 1 + 12 + 36;
const IV = 12;
const TAG = 16;

export type EncryptionContext = Readonly<Record<string, string>>;

/** The context in one canonical form: the same pairs in any order give the same bytes. */
function contextBytes(context: EncryptionContext | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs));
}

/** Which key a blob names, without opening it. */
export interface BlobKey {
  accountId: string;
  keyId: string;
}

/** @throws InvalidCiphertextException when the blob is not one of sagelite's */
export function blobKey(blob: Buffer): BlobKey {
  if (blob.length < HEADER + IV + TAG || blob[0] !== VERSION) throw invalidCiphertext();
  const accountId = blob.toString('latin1', 1, 13);
  const keyId = blob.toString('latin1', 13, HEADER);
  if (!/^\d{12}$/.test(accountId) || !/^[0-9a-f-]{36}$/.test(keyId)) throw invalidCiphertext();
  return { accountId, keyId };
}

export function seal(material: Buffer, key: BlobKey, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
  const header = Buffer.concat([Buffer.from([VERSION]), Buffer.from(key.accountId, 'latin1'), Buffer.from(key.keyId, 'latin1')]);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([header, contextBytes(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
}

/** @throws InvalidCiphertextException when the blob, the context or the key is not the one it was sealed with */
export function open(material: Buffer, blob: Buffer, context: EncryptionContext | undefined): Buffer {
  blobKey(blob);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(HEADER, HEADER + IV));
    decipher.setAAD(Buffer.concat([blob.subarray(0, HEADER), contextBytes(context)]));
    decipher.setAuthTag(blob.subarray(HEADER + IV, HEADER + IV + TAG));
    return Buffer.concat([decipher.update(blob.subarray(HEADER + IV + TAG)), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}
