import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsError } from '../../core/errors.js';
import { compiledGroup } from './compiled.js';
import { validRecord, type FeatureValueInput } from './record-input.js';
import { groupFixture } from '../../../test/support/featurestore-runtime-fixtures.js';

const c = compiledGroup(
  groupFixture('111122223333', 'Customers', {
    featureDefinitions: [
      ...groupFixture('1', 'x').featureDefinitions,
      { FeatureName: 'tags', FeatureType: 'String', CollectionType: 'List' },
      { FeatureName: 'emb', FeatureType: 'Fractional', CollectionType: 'Vector', CollectionConfig: { VectorConfig: { Dimension: 2 } } },
      { FeatureName: 'ids', FeatureType: 'Integral', CollectionType: 'Set' },
    ],
  }),
);
const base: FeatureValueInput[] = [
  { FeatureName: 'cid', ValueAsString: '1001' },
  { FeatureName: 'created_at', ValueAsString: '1700000000.25' },
];

function rejects(record: FeatureValueInput[], pattern: RegExp): void {
  assert.throws(() => validRecord(c, record), (e: AwsError) => {
    assert.equal(e.code, 'ValidationException');
    assert.equal(e.status, 400);
    assert.match(e.message, /^Validation Error: /);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('PutRecord record validation against the group', () => {
  it('accepts a valid record, keeps its order and reads the identifier and event time', () => {
    const r = validRecord(c, [...base, { FeatureName: 'name', ValueAsString: 'bria' }, { FeatureName: 'tags', ValueAsStringList: ['a', 'b'] }]);
    assert.equal(r.recordId, '1001');
    assert.equal(r.eventTimeMs, 1_700_000_000_250);
    assert.deepEqual(r.features.map(([n]) => n), ['cid', 'created_at', 'name', 'tags']);
  });

  it('keeps String values as sent, trailing spaces included (the sample has "CA ")', () => {
    assert.equal(validRecord(c, [...base, { FeatureName: 'city', ValueAsString: 'CA ' }]).features[2]![1], 'CA ');
  });

  it('refuses unknown, repeated and typeless features', () => {
    rejects([...base, { FeatureName: 'nope', ValueAsString: '1' }], /Feature nope is not defined in FeatureGroup Customers/);
    rejects([...base, { FeatureName: 'cid', ValueAsString: '2' }], /appears more than once/);
    rejects([...base, { FeatureName: 'name' }], /has no value/);
    rejects([...base, { FeatureName: 'name', ValueAsString: 'a', ValueAsStringList: ['a'] }], /both ValueAsString and ValueAsStringList/);
  });

  it('checks types: Integral a 64-bit integer, Fractional a double', () => {
    rejects([...base, { FeatureName: 'age', ValueAsString: '32.5' }], /Value "32.5" of feature age .* is not a valid Integral/);
    rejects([...base, { FeatureName: 'age', ValueAsString: '99999999999999999999' }], /not a valid Integral/);
    rejects([...base, { FeatureName: 'score', ValueAsString: 'high' }], /not a valid Fractional/);
  });

  it('takes lists only for collection features, checking items, vector dimension and set uniqueness', () => {
    rejects([...base, { FeatureName: 'name', ValueAsStringList: ['x'] }], /not a collection feature/);
    rejects([...base, { FeatureName: 'tags', ValueAsString: 'x' }], /is a List feature/);
    rejects([...base, { FeatureName: 'emb', ValueAsStringList: ['1.5'] }], /dimension 2, but its value has 1/);
    rejects([...base, { FeatureName: 'emb', ValueAsStringList: ['1.5', 'x'] }], /not a valid Fractional/);
    rejects([...base, { FeatureName: 'ids', ValueAsStringList: ['1', '1'] }], /duplicate elements/);
    assert.ok(validRecord(c, [...base, { FeatureName: 'emb', ValueAsStringList: ['1.5', '-2'] }, { FeatureName: 'ids', ValueAsStringList: [] }]));
  });

  it('needs the identifier and the event time, in the group’s format', () => {
    rejects([base[1]!], /record identifier feature cid/);
    rejects([{ FeatureName: 'cid', ValueAsString: '' }, base[1]!], /Value "" of feature cid .* not a valid Integral/);
    rejects([base[0]!], /event time feature created_at/);
    rejects([base[0]!, { FeatureName: 'created_at', ValueAsString: '2021-01-01T00:00:00Z' }], /Event time "2021-01-01T00:00:00Z" of feature created_at is not valid: a Fractional event time is a Unix timestamp in seconds/);
    const iso = compiledGroup(groupFixture('1', 'Iso', { featureDefinitions: [{ FeatureName: 'cid', FeatureType: 'String' }, { FeatureName: 'created_at', FeatureType: 'String' }] }));
    assert.throws(() => validRecord(iso, [base[0]!, { FeatureName: 'created_at', ValueAsString: '1700000000' }]), /yyyy-MM-dd'T'HH:mm:ssZ or yyyy-MM-dd'T'HH:mm:ss.SSSZ/);
    assert.equal(validRecord(iso, [base[0]!, { FeatureName: 'created_at', ValueAsString: '2021-01-01T00:00:00.500Z' }]).eventTimeMs, Date.parse('2021-01-01T00:00:00.500Z'));
  });

  it('enforces the quotas: identifier ≤ 2 KB, record ≤ 350 KB', () => {
    const strId = compiledGroup(groupFixture('1', 'S', { featureDefinitions: [{ FeatureName: 'cid', FeatureType: 'String' }, { FeatureName: 'created_at', FeatureType: 'Fractional' }, { FeatureName: 'name', FeatureType: 'String' }] }));
    assert.throws(() => validRecord(strId, [{ FeatureName: 'cid', ValueAsString: 'é'.repeat(1025) }, base[1]!]), /record identifier is 2050 bytes; it can be at most 2048/);
    assert.ok(validRecord(strId, [{ FeatureName: 'cid', ValueAsString: 'x'.repeat(2048) }, base[1]!]));
    assert.throws(() => validRecord(strId, [{ FeatureName: 'cid', ValueAsString: '1' }, base[1]!, { FeatureName: 'name', ValueAsString: 'x'.repeat(358_400) }]), /at most 358400 bytes \(350 KB\)/);
  });

  it('compiles a group once per version', () => {
    const g = groupFixture('1', 'Once');
    assert.equal(compiledGroup(g), compiledGroup(g));
    assert.equal(compiledGroup({ ...g }).features, compiledGroup(g).features, 'same version, another object: same checks');
    assert.notEqual(compiledGroup({ ...g, lastModifiedAt: new Date(9e12) }).features, compiledGroup(g).features);
  });
});
