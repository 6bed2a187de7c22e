import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsRootKey } from './kms-root-key.js';

describe('KmsRootKey', () => {
  it('is made once, private, and read back by every opener: what one seals another opens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-root-'));
    try {
      const one = KmsRootKey.open(dir);
      const two = KmsRootKey.open(dir);
      assert.equal(statSync(join(dir, 'kms-root.key')).mode & 0o777, 0o600);
      const material = Buffer.alloc(32, 7);
      const sealed = one.seal(material, 'arn:aws:kms:us-east-1:111111111111:key/k');
      assert.ok(!Buffer.from(sealed, 'base64').includes(material), 'the material is not stored in the clear');
      assert.deepEqual(two.unseal(sealed, 'arn:aws:kms:us-east-1:111111111111:key/k'), material);
      assert.throws(() => two.unseal(sealed, 'arn:aws:kms:us-east-1:222222222222:key/k'), 'sealed material opens only for its own key');
      assert.throws(() => KmsRootKey.ephemeral().unseal(sealed, 'arn:aws:kms:us-east-1:111111111111:key/k'), 'nor under another root key');
      assert.equal(readFileSync(join(dir, 'kms-root.key')).length, 32);
      writeFileSync(join(dir, 'kms-root.key'), 'short');
      assert.throws(() => KmsRootKey.open(dir), /is not a sagelite KMS root key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
