import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../../core/errors.js';
import type { StoredPart } from '../../../../storage/s3-objects.js';
import { MIN_PART_BYTES, selectParts } from './complete.js';
import { uploadChecksum } from './create.js';

const part = (partNumber: number, size: number, checksum?: string): StoredPart => ({
  uploadId: 'u', partNumber, size, etag: `e${partNumber}`, lastModified: new Date(0), blobId: `b${partNumber}`,
  ...(checksum ? { checksum: { algorithm: 'CRC32', value: checksum, type: 'COMPOSITE' } } : {}),
});
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as AwsError).code;
  }
};

describe('CompleteMultipartUpload part rules', () => {
  const stored = [part(1, MIN_PART_BYTES), part(2, MIN_PART_BYTES - 1), part(3, 10), part(5, 1, 'AAAAAA==')];

  it('takes the listed parts in order, quotes optional, skipping unlisted ones', () => {
    assert.deepEqual(selectParts('u', [{ PartNumber: 1, ETag: '"e1"' }, { PartNumber: 3, ETag: 'e3' }], stored).map((p) => p.partNumber), [1, 3]);
  });

  it('InvalidPartOrder for descending or repeated numbers; InvalidPart for unknown parts, wrong ETags or checksums', () => {
    assert.equal(code(() => selectParts('u', [{ PartNumber: 3, ETag: 'e3' }, { PartNumber: 1, ETag: 'e1' }], stored)), 'InvalidPartOrder');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 1, ETag: 'e1' }, { PartNumber: 1, ETag: 'e1' }], stored)), 'InvalidPartOrder');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 4, ETag: 'e4' }], stored)), 'InvalidPart');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 1, ETag: 'e2' }], stored)), 'InvalidPart');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 1 }], stored)), 'InvalidPart');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 5, ETag: 'e5', ChecksumCRC32: 'AAAAAQ==' }], stored)), 'InvalidPart');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 5, ETag: 'e5', ChecksumCRC32: 'AAAAAA==' }], stored)), 'ok');
  });

  it('EntityTooSmall for a part under 5 MiB that is not the last; MalformedXML for no parts', () => {
    assert.equal(code(() => selectParts('u', [{ PartNumber: 2, ETag: 'e2' }, { PartNumber: 3, ETag: 'e3' }], stored)), 'EntityTooSmall');
    assert.equal(code(() => selectParts('u', [{ PartNumber: 1, ETag: 'e1' }, { PartNumber: 2, ETag: 'e2' }], stored)), 'ok');
    assert.equal(code(() => selectParts('u', [], stored)), 'MalformedXML');
  });
});

describe('CreateMultipartUpload checksum type', () => {
  it('defaults to COMPOSITE, FULL_OBJECT for CRC64NVME; refuses impossible pairs', () => {
    assert.deepEqual(uploadChecksum(undefined, undefined), {});
    assert.deepEqual(uploadChecksum('crc32', undefined), { checksumAlgorithm: 'CRC32', checksumType: 'COMPOSITE' });
    assert.deepEqual(uploadChecksum('CRC64NVME', undefined), { checksumAlgorithm: 'CRC64NVME', checksumType: 'FULL_OBJECT' });
    assert.deepEqual(uploadChecksum('CRC32C', 'FULL_OBJECT'), { checksumAlgorithm: 'CRC32C', checksumType: 'FULL_OBJECT' });
    assert.equal(code(() => uploadChecksum('SHA256', 'FULL_OBJECT')), 'InvalidRequest');
    assert.equal(code(() => uploadChecksum('CRC64NVME', 'COMPOSITE')), 'InvalidRequest');
    assert.equal(code(() => uploadChecksum(undefined, 'COMPOSITE')), 'InvalidRequest');
    assert.equal(code(() => uploadChecksum('MD4', undefined)), 'InvalidRequest');
  });
});
