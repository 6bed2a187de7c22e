import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const ROOT_KEY_FILE = 'kms-root.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key that seals every KMS key's material at rest (AES-256-GCM), kept in the data directory
 * beside — never inside — the database: a copy of the database alone (a PostgreSQL dump, a stolen
 * sagelite.db) decrypts nothing. Every process of a shared deployment reads the same file from
 * the shared data directory; the first to start makes it (0600): written whole to a file of its
 * own, then linked into place — a link fails if the name exists — so two processes starting
 * together agree on one key, and none ever reads a half-written one. Back it up with the database: without it no KMS key, and
 * no object encrypted under one, can be read again (docs/DEPLOYMENT.md).
 */
export class KmsRootKey {
  private constructor(private readonly key: Buffer) {}

  /** Reads `<dataDir>/kms-root.key`, making it first if there is none. */
  static open(dataDir: string): KmsRootKey {
    const file = join(dataDir, ROOT_KEY_FILE);
    if (!existsSync(file)) {
      const draft = join(dataDir, `.${ROOT_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
      const fd = openSync(draft, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(draft, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      } finally {
        unlinkSync(draft);
      }
    }
    const key = readFileSync(file);
    if (key.length !== KEY_BYTES) throw new Error(`${file} is not a sagelite KMS root key (${key.length} bytes, not ${KEY_BYTES}): restore it from the backup made with the database`);
    return new KmsRootKey(key);
  }

  /** A root key held only in memory (unit tests). */
  static ephemeral(): KmsRootKey {
    return new KmsRootKey(randomBytes(KEY_BYTES));
  }

  /** `material` sealed for the key named `keyArn` (bound to it: the sealed bytes open only for that ARN); base64. */
  seal(material: Buffer, keyArn: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(keyArn));
    const body = Buffer.concat([cipher.update(material), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** @throws Error when the sealed bytes were not made by this root key for `keyArn` */
  unseal(sealed: string, keyArn: string): Buffer {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyArn));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}
