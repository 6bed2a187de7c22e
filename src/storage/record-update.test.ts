import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordGroupShape, RecordUpdate } from './feature-store.js';
import { mergeUpdate, type StoredRecord } from './record-update.js';

const shape: RecordGroupShape = {
  createdAt: new Date(0), recordIdentifierFeatureName: 'id', eventTimeFeatureName: 'ts', eventTimeType: 'Fractional', featureNames: ['id', 'ts', 'a', 'b', 'c'], offlineStore: true,
};
const stored: StoredRecord = { features: [['id', 'r'], ['ts', '10'], ['a', '1'], ['b', '2']], eventTime: '10', eventTimeMs: 10_000, expiresAt: new Date(70_000) };
const update = (extra: Partial<RecordUpdate>): RecordUpdate => ({
  kind: 'update', group: { accountId: '1', region: 'r', name: 'g' }, shape, recordId: 'r', features: [], online: true, offline: true, apiInvocationTime: new Date(5), maxRecordBytes: 1000, ...extra,
});

describe('mergeUpdate: UpdateRecord applied to the stored record', () => {
  const cases: Array<[string, StoredRecord | undefined, Partial<RecordUpdate>, unknown]> = [
    ['no live record: absent', undefined, { features: [['a', 'x']] }, { outcome: 'absent' }],
    ['an earlier event time: stale', stored, { eventTime: '9.999', eventTimeMs: 9_999 }, { outcome: 'stale' }],
    ['features replaced in place, new ones after, event time and ExpiresAt kept', stored, { features: [['c', '3'], ['a', 'x']] },
      { features: [['id', 'r'], ['ts', '10'], ['a', 'x'], ['b', '2'], ['c', '3']], eventTime: '10', eventTimeMs: 10_000, expiresAt: 70_000 }],
    ['an equal event time applies', stored, { features: [['b', 'y']], eventTime: '10.000', eventTimeMs: 10_000 },
      { features: [['id', 'r'], ['ts', '10.000'], ['a', '1'], ['b', 'y']], eventTime: '10.000', eventTimeMs: 10_000, expiresAt: 70_000 }],
    ['a later event time moves ExpiresAt with it', stored, { eventTime: '25', eventTimeMs: 25_000 },
      { features: [['id', 'r'], ['ts', '25'], ['a', '1'], ['b', '2']], eventTime: '25', eventTimeMs: 25_000, expiresAt: 85_000 }],
    ['a TTL sets ExpiresAt from the event time', stored, { eventTime: '25', eventTimeMs: 25_000, ttlMs: 1_000 },
      { features: [['id', 'r'], ['ts', '25'], ['a', '1'], ['b', '2']], eventTime: '25', eventTimeMs: 25_000, expiresAt: 26_000 }],
    ['no ExpiresAt stays none', { features: stored.features, eventTime: stored.eventTime, eventTimeMs: stored.eventTimeMs }, { eventTime: '25', eventTimeMs: 25_000 },
      { features: [['id', 'r'], ['ts', '25'], ['a', '1'], ['b', '2']], eventTime: '25', eventTimeMs: 25_000, expiresAt: undefined }],
  ];
  for (const [name, current, u, expected] of cases) {
    it(name, () => {
      const merged = mergeUpdate(current, update(u));
      if (merged.outcome !== 'merged') return assert.deepEqual(merged, expected);
      const { features, eventTime, eventTimeMs, expiresAt, kind, offline } = merged.put;
      assert.equal(kind, 'put');
      assert.equal(offline, true);
      assert.deepEqual({ features, eventTime, eventTimeMs, expiresAt: expiresAt?.getTime() }, expected);
    });
  }

  it('refuses a merged record larger than allowed, with its size in UTF-8 bytes', () => {
    const merged = mergeUpdate(stored, update({ features: [['c', 'é'.repeat(10)]], maxRecordBytes: 30 }));
    assert.deepEqual(merged, { outcome: 'tooLarge', bytes: 'idrts10a1b2c'.length + 20 });
  });
});
