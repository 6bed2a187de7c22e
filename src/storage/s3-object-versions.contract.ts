import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blobIdOf, object, type ObjectMetadataFixture } from './s3-objects.contract.js';
import { isDeleteMarker, versionIdOf, type DeleteMarker, type ListedVersion, type ObjectVersion } from './s3-objects.js';

const marker = (key: string, versionId: string | undefined, at = 1_700_000_500_000): DeleteMarker => ({
  bucket: 'b', key, ...(versionId ? { versionId } : {}), lastModified: new Date(at), ownerAccountId: '111111111111', ownerCanonicalId: 'c', deleteMarker: true,
});

/** A listing as `key:version[*]` (`*` the latest, `DM` a delete marker): what S3's ListObjectVersions would show. */
const shown = (listed: ListedVersion[]): string[] =>
  listed.map(({ version, isLatest }) => `${version.key}:${isDeleteMarker(version) ? 'DM-' : ''}${versionIdOf(version)}${isLatest ? '*' : ''}`);

/**
 * The versions behaviour every {@link ObjectMetadataStore} must have (S3 versioning): run beside
 * runObjectMetadataStoreContract from each implementation's test file.
 */
export function runObjectVersionsContract(implementation: string, open: () => Promise<ObjectMetadataFixture>): void {
  const withStore = (fn: (f: ObjectMetadataFixture) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f);
    } finally {
      await f.close();
    }
  };

  describe(`ObjectMetadataStore versions contract: ${implementation}`, () => {
    it('keeps every version of a versioned key, newest current, and reads each by id', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1)));
      assert.deepEqual(await meta.putObject(object('k', blobIdOf(2), { versionId: 'v2' }), undefined, 'Enabled'), {}, 'the null version is kept, not replaced');
      assert.deepEqual(await meta.putObject(object('k', blobIdOf(3), { versionId: 'v3' }), undefined, 'Enabled'), {});
      assert.equal((await other.getObject('b', 'k'))!.blobId, blobIdOf(3));
      assert.equal((await other.getVersion('b', 'k', 'null'))!.versionId, undefined);
      assert.equal(((await other.getVersion('b', 'k', 'null')) as { blobId: string }).blobId, blobIdOf(1));
      assert.equal(((await other.getVersion('b', 'k', 'v2')) as { blobId: string }).blobId, blobIdOf(2));
      assert.equal(await other.getVersion('b', 'k', 'v9'), undefined);
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 10 })), ['k:v3*', 'k:v2', 'k:null']);
      assert.deepEqual(await other.listObjects('b', { prefix: '', limit: 10 }).then((l) => l.map((o) => o.versionId)), ['v3'], 'ListObjects sees the current one only');
    }));

    it('a delete marker hides the key; removing it brings the newest object back', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1), { versionId: 'v1' }), undefined, 'Enabled');
      assert.deepEqual(await meta.putDeleteMarker(marker('k', 'd1'), 'Enabled'), {});
      assert.equal(await other.getObject('b', 'k'), undefined);
      assert.deepEqual(await other.getLatest('b', 'k'), marker('k', 'd1'));
      assert.equal(await other.bucketIsEmpty('b'), false, 'versions keep a bucket from being empty');
      assert.deepEqual(await other.listObjects('b', { prefix: '', limit: 10 }), []);
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 10 })), ['k:DM-d1*', 'k:v1']);
      assert.deepEqual(await meta.deleteVersion('b', 'k', 'd1'), marker('k', 'd1'));
      assert.equal((await other.getObject('b', 'k'))!.versionId, 'v1');
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 10 })), ['k:v1*']);
    }));

    it('removing the current version makes the previous one current; removing the last empties the key', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1), { versionId: 'v1' }), undefined, 'Enabled');
      await meta.putObject(object('k', blobIdOf(2), { versionId: 'v2' }), undefined, 'Enabled');
      const removed = await meta.deleteVersion('b', 'k', 'v2');
      assert.equal((removed as { blobId: string }).blobId, blobIdOf(2), 'the caller discards its blob');
      assert.equal((await other.getObject('b', 'k'))!.blobId, blobIdOf(1));
      assert.equal(await meta.isBlobReferenced(blobIdOf(2)), false);
      assert.equal(await meta.deleteVersion('b', 'k', 'v2'), undefined, 'gone already');
      await meta.deleteVersion('b', 'k', 'v1');
      assert.equal(await other.getLatest('b', 'k'), undefined);
      assert.equal(await other.bucketIsEmpty('b'), true);
    }));

    it('a noncurrent version under a newer marker stays hidden when the marker is not the one removed', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1), { versionId: 'v1' }), undefined, 'Enabled');
      await meta.putObject(object('k', blobIdOf(2), { versionId: 'v2' }), undefined, 'Enabled');
      await meta.putDeleteMarker(marker('k', 'd3'), 'Enabled');
      await meta.deleteVersion('b', 'k', 'v2');
      assert.equal(await other.getObject('b', 'k'), undefined);
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 10 })), ['k:DM-d3*', 'k:v1']);
      assert.equal(await other.isBlobReferenced(blobIdOf(1)), true, 'noncurrent versions keep their blobs');
    }));

    it('suspended versioning: a write replaces the null version only, wherever it is', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1)), undefined, 'Suspended');
      await meta.putObject(object('k', blobIdOf(2), { versionId: 'v2' }), undefined, 'Enabled');
      // The null version is noncurrent now; a new null version replaces it, and v2 is kept.
      assert.deepEqual(await meta.putObject(object('k', blobIdOf(3)), undefined, 'Suspended'), { replacedBlobId: blobIdOf(1) });
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 10 })), ['k:null*', 'k:v2']);
      assert.deepEqual(await meta.putObject(object('k', blobIdOf(4)), undefined, 'Suspended'), { replacedBlobId: blobIdOf(3) }, 'a current null version is replaced in place');
      // A delete while suspended puts a null marker that replaces the null object.
      assert.deepEqual(await meta.putDeleteMarker(marker('k', undefined), 'Suspended'), { replacedBlobId: blobIdOf(4) });
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 10 })), ['k:DM-null*', 'k:v2']);
    }));

    it('lists versions key by key, newest first, and pages by key and version markers', withStore(async ({ meta, other }) => {
      for (const [key, versions] of [['a', ['a1', 'a2', 'a3']], ['b/x', ['b1']], ['c', ['c1', 'c2']]] as const) {
        for (const [i, v] of versions.entries()) await meta.putObject(object(key, blobIdOf(100 + i + key.length * 10), { versionId: v }), undefined, 'Enabled');
      }
      await meta.putDeleteMarker(marker('c', 'cd'), 'Enabled');
      const all = ['a:a3*', 'a:a2', 'a:a1', 'b/x:b1*', 'c:DM-cd*', 'c:c2', 'c:c1'];
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 100 })), all);
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', limit: 2 })), all.slice(0, 2));
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', keyMarker: 'a', versionIdMarker: 'a2', limit: 3 })), ['a:a1', 'b/x:b1*', 'c:DM-cd*']);
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', keyMarker: 'a', versionIdMarker: 'a3', limit: 1 })), ['a:a2'], 'after the current version');
      assert.deepEqual(shown(await other.listVersions('b', { prefix: '', keyMarker: 'a', limit: 100 })), all.slice(3), 'a key marker alone skips its key');
      assert.deepEqual(shown(await other.listVersions('b', { prefix: 'c', limit: 100 })), all.slice(4));
      assert.deepEqual(shown(await other.listVersions('b', { prefix: 'b/', keyMarker: 'a', limit: 100 })), ['b/x:b1*']);
    }));

    it('changes one version in place by id, and refuses a marker', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1), { versionId: 'v1' }), undefined, 'Enabled');
      await meta.putObject(object('k', blobIdOf(2), { versionId: 'v2' }), undefined, 'Enabled');
      await meta.putDeleteMarker(marker('k', 'd3'), 'Enabled');
      assert.equal(await meta.updateObject('b', 'k', { tags: [{ Key: 't', Value: '1' }], legalHold: true }, 'v1'), true);
      assert.equal(await meta.updateObject('b', 'k', { retention: { mode: 'GOVERNANCE', retainUntil: '2030-01-01T00:00:00.000Z' } }, 'v2'), true);
      assert.equal(await meta.updateObject('b', 'k', { tags: [] }, 'd3'), false);
      assert.equal(await meta.updateObject('b', 'k', { tags: [] }), false, 'no current object');
      const v1 = (await other.getVersion('b', 'k', 'v1')) as { tags: unknown; legalHold?: boolean };
      assert.deepEqual([v1.tags, v1.legalHold], [[{ Key: 't', Value: '1' }], true]);
      assert.deepEqual(((await other.getVersion('b', 'k', 'v2')) as { retention?: unknown }).retention, { mode: 'GOVERNANCE', retainUntil: '2030-01-01T00:00:00.000Z' });
    }));

    it('a check run in the delete\'s transaction can refuse it (Object Lock)', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1), { versionId: 'v1', legalHold: true }), undefined, 'Enabled');
      const refuse = (v: ObjectVersion) => {
        if (!isDeleteMarker(v) && v.legalHold) throw new Error('held');
      };
      await assert.rejects(meta.deleteVersion('b', 'k', 'v1', refuse), /held/);
      assert.equal((await other.getObject('b', 'k'))!.versionId, 'v1', 'nothing removed');
    }));

    it('drops every version with the bucket, returning their blobs', withStore(async ({ meta, other }) => {
      await meta.putObject(object('k', blobIdOf(1), { versionId: 'v1' }), undefined, 'Enabled');
      await meta.putObject(object('k', blobIdOf(2), { versionId: 'v2' }), undefined, 'Enabled');
      await meta.putDeleteMarker(marker('k', 'd3'), 'Enabled');
      assert.deepEqual((await meta.dropBucket('b')).sort(), [blobIdOf(1), blobIdOf(2)]);
      assert.equal(await other.bucketIsEmpty('b'), true);
      assert.deepEqual(await other.listVersions('b', { prefix: '', limit: 10 }), []);
    }));

    it('two writers of one versioned key each keep their version (another connection at once)', withStore(async ({ meta, other }) => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? meta : other).putObject(object('k', blobIdOf(i + 1), { versionId: `v${i}` }), undefined, 'Enabled')));
      await Promise.all([meta.putDeleteMarker(marker('k', 'dA'), 'Enabled'), other.putDeleteMarker(marker('k', 'dB'), 'Enabled')]);
      const listed = await meta.listVersions('b', { prefix: '', limit: 100 });
      assert.equal(listed.length, 10);
      assert.equal(listed.filter((l) => l.isLatest).length, 1);
      assert.equal(isDeleteMarker(listed[0]!.version), true);
    }));
  });
}
