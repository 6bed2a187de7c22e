import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { Crc32 } from '@aws-crypto/crc32';
import { Crc32c } from '@aws-crypto/crc32c';

/** The flexible-checksum algorithms S3 accepts, by the name of their `x-amz-checksum-*` header. */
export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';

export interface IncrementalChecksum {
  update(data: Uint8Array): void;
  /** The base64 value as it goes in the `x-amz-checksum-*` header. */
  digest(): string;
}

function u32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

// CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones.
const CRC64_TABLE = (() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  const table = new BigUint64Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = BigInt(i);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
    table[i] = crc;
  }
  return table;
})();

class Crc64Nvme implements IncrementalChecksum {
  #crc = 0xffffffffffffffffn;
  update(data: Uint8Array): void {
    let crc = this.#crc;
    for (const byte of data) crc = CRC64_TABLE[Number((crc ^ BigInt(byte)) & 0xffn)]! ^ (crc >> 8n);
    this.#crc = crc;
  }
  digest(): string {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(this.#crc ^ 0xffffffffffffffffn);
    return b.toString('base64');
  }
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return name === 'crc32' || name === 'crc32c' || name === 'crc64nvme' || name === 'sha1' || name === 'sha256';
}

export function newChecksum(algorithm: ChecksumAlgorithm): IncrementalChecksum {
  switch (algorithm) {
    case 'crc32': {
      // zlib's native CRC-32 (Node 20.15+, 22.2+) is an order of magnitude faster than the JS table.
      if (nativeCrc32) {
        let crc = 0;
        return { update: (d) => void (crc = nativeCrc32!(d, crc)), digest: () => u32(crc) };
      }
      const c = new Crc32();
      return { update: (d) => void c.update(d), digest: () => u32(c.digest()) };
    }
    case 'crc32c': {
      const c = new Crc32c();
      return { update: (d) => void c.update(d), digest: () => u32(c.digest()) };
    }
    case 'crc64nvme':
      return new Crc64Nvme();
    case 'sha1':
    case 'sha256': {
      const h = createHash(algorithm);
      return { update: (d) => void h.update(d), digest: () => h.digest('base64') };
    }
  }
}
