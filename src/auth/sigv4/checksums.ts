import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { Crc32 } from '@aws-crypto/crc32';
import { Crc64Nvme, crc32c } from './crc.js';

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
      let crc = 0;
      return { update: (d) => void (crc = crc32c(d, crc)), digest: () => u32(crc) };
    }
    case 'crc64nvme': {
      const c = new Crc64Nvme();
      return { update: (d) => c.update(d), digest: () => c.digest().toString('base64') };
    }
    case 'sha1':
    case 'sha256': {
      const h = createHash(algorithm);
      return { update: (d) => void h.update(d), digest: () => h.digest('base64') };
    }
  }
}
