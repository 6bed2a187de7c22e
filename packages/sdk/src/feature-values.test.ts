import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureDefinition } from '@aws-sdk/client-sagemaker';
import { fromRecord, InvalidRowValueError, toRecord } from './feature-values.js';

const defs: FeatureDefinition[] = [
  { FeatureName: 'cid', FeatureType: 'Integral' },
  { FeatureName: 'amount', FeatureType: 'Fractional' },
  { FeatureName: 'name', FeatureType: 'String' },
  { FeatureName: 'created_at', FeatureType: 'Fractional' },
  { FeatureName: 'seen_at', FeatureType: 'String' },
  { FeatureName: 'scores', FeatureType: 'Fractional', CollectionType: 'List' },
];

describe('toRecord: rows as PutRecord records, as the SageMaker Python SDK converts them', () => {
  it('sends scalars as strings, leaves out null, undefined and NaN, and keeps the row’s order', () => {
    assert.deepEqual(toRecord({ name: 'CA ', cid: 1001, amount: 32.43, gone: null, nothing: undefined, nan: NaN, flag: true, big: 2n ** 63n - 1n }, defs), [
      { FeatureName: 'name', ValueAsString: 'CA ' },
      { FeatureName: 'cid', ValueAsString: '1001' },
      { FeatureName: 'amount', ValueAsString: '32.43' },
      { FeatureName: 'flag', ValueAsString: 'true' },
      { FeatureName: 'big', ValueAsString: '9223372036854775807' },
    ]);
  });

  it('sends arrays as ValueAsStringList, and refuses a missing element', () => {
    assert.deepEqual(toRecord({ scores: [1, 2.5] }, defs), [{ FeatureName: 'scores', ValueAsStringList: ['1', '2.5'] }]);
    assert.deepEqual(toRecord({ scores: [] }, defs), [{ FeatureName: 'scores', ValueAsStringList: [] }]);
    assert.throws(() => toRecord({ scores: [1, null as unknown as number] }, defs), InvalidRowValueError);
  });

  it('turns a Date into Unix seconds for a numeric feature and ISO 8601 for a string one', () => {
    const d = new Date('2024-03-01T12:00:00.250Z');
    assert.deepEqual(toRecord({ created_at: d, seen_at: d, cid: d }, defs), [
      { FeatureName: 'created_at', ValueAsString: '1709294400.25' },
      { FeatureName: 'seen_at', ValueAsString: '2024-03-01T12:00:00.250Z' },
      { FeatureName: 'cid', ValueAsString: '1709294400' },
    ]);
    assert.throws(() => toRecord({ seen_at: new Date('nope') }, defs), InvalidRowValueError);
  });
});

describe('fromRecord: records typed by the group’s FeatureDefinitions', () => {
  it('reads Integral and Fractional as numbers, String and unknown features as strings, lists as arrays', () => {
    const got = fromRecord([
      { FeatureName: 'cid', ValueAsString: '1001' },
      { FeatureName: 'amount', ValueAsString: '58.23' },
      { FeatureName: 'name', ValueAsString: '007' },
      { FeatureName: 'other', ValueAsString: '12' },
      { FeatureName: 'scores', ValueAsStringList: ['1', '2.5'] },
    ], defs);
    assert.deepEqual(got, { cid: 1001, amount: 58.23, name: '007', other: '12', scores: [1, 2.5] });
  });
});
