import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { KmsRootKey } from './kms-root-key.js';

/** Seals `material` in a process of its own that opens `dir`'s root key; resolves to what it sealed. */
function sealInAnotherProcess(dir: string, material: string): Promise<string> {
  const script = `import('${new URL('./kms-root-key.js', import.meta.url).href}').then((m) => process.stdout.write(m.KmsRootKey.open(${JSON.stringify(dir)}).seal(Buffer.from('${material}'), 'arn')))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}

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
      assert.deepEqual(readdirSync(dir), ['kms-root.key'], 'no draft is left behind');
      writeFileSync(join(dir, 'kms-root.key'), 'short');
      assert.throws(() => KmsRootKey.open(dir), /is not a sagelite KMS root key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('processes starting together on one data directory agree on one key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-root-race-'));
    try {
      const sealed = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((m) => sealInAnotherProcess(dir, m)));
      const key = KmsRootKey.open(dir);
      assert.deepEqual(sealed.map((x) => key.unseal(x, 'arn').toString()), ['a', 'b', 'c', 'd', 'e', 'f']);
      assert.deepEqual(readdirSync(dir), ['kms-root.key']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
