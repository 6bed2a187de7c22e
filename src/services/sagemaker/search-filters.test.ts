import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsError } from '../../core/errors.js';
import { paginate } from './paginate.js';
import { matchesExpression, matchesFilter, propertyValues, sortByProperty } from './search-filters.js';

const group = {
  FeatureGroupName: 'customers',
  CreationTime: new Date('2026-01-02T00:00:00Z'),
  OfflineStoreStatus: { Status: 'Active' },
  FeatureDefinitions: [{ FeatureName: 'cid', FeatureType: 'Integral' }, { FeatureName: 'name', FeatureType: 'String' }],
  Tags: [{ Key: 'team', Value: 'ml' }, { Key: 'cost.center', Value: 'C18' }],
  Count: 7,
};

describe('Search filters', () => {
  it('reads dotted properties, list elements, and Tags/Parameters by key', () => {
    assert.deepEqual(propertyValues(group, 'OfflineStoreStatus.Status'), ['Active']);
    assert.deepEqual(propertyValues(group, 'FeatureDefinitions.FeatureType'), ['Integral', 'String']);
    assert.deepEqual(propertyValues(group, 'Tags.cost.center'), ['C18']);
    assert.deepEqual(propertyValues(group, 'Tags.absent'), []);
    assert.deepEqual(propertyValues(group, 'Nope.Deeper'), []);
  });

  it('compares in the property’s own type and knows every operator', () => {
    const t = (Name: string, Operator: Parameters<typeof matchesFilter>[1]['Operator'], Value?: string) => matchesFilter(group, { Name, Operator, ...(Value !== undefined ? { Value } : {}) });
    assert.equal(t('FeatureGroupName', undefined, 'customers'), true);
    assert.equal(t('FeatureGroupName', 'Equals', 'Customers'), false);
    assert.equal(t('FeatureGroupName', 'Contains', 'TOM'), true);
    assert.equal(t('FeatureGroupName', 'NotEquals', 'other'), true);
    assert.equal(t('CreationTime', 'GreaterThan', '2026-01-01T00:00:00Z'), true);
    assert.equal(t('CreationTime', 'LessThan', String(Date.parse('2026-01-01T00:00:00Z') / 1000)), false);
    assert.equal(t('Count', 'GreaterThanOrEqualTo', '7'), true);
    assert.equal(t('Count', 'LessThanOrEqualTo', '6'), false);
    assert.equal(t('Tags.team', 'Exists'), true);
    assert.equal(t('Tags.other', 'NotExists'), true);
    assert.equal(t('FeatureDefinitions.FeatureType', 'In', 'Fractional, String'), true);
    assert.throws(() => t('FeatureGroupName', 'Equals'), (e: AwsError) => e.code === 'ValidationException' && /needs a Value/.test(e.message));
  });

  it('joins filters with And or Or, nests sub-expressions, and matches nested filters on one element', () => {
    const nameIs = (v: string) => ({ Name: 'FeatureGroupName', Value: v });
    assert.equal(matchesExpression(group, { Filters: [nameIs('customers'), nameIs('x')] }), false);
    assert.equal(matchesExpression(group, { Filters: [nameIs('customers'), nameIs('x')], Operator: 'Or' }), true);
    assert.equal(matchesExpression(group, { SubExpressions: [{ Filters: [nameIs('x')] }, { Filters: [nameIs('customers')] }], Operator: 'Or' }), true);
    const nested = (name: string, type: string) => ({
      NestedFilters: [{ NestedPropertyName: 'FeatureDefinitions', Filters: [{ Name: 'FeatureDefinitions.FeatureName', Value: name }, { Name: 'FeatureDefinitions.FeatureType', Value: type }] }],
    });
    assert.equal(matchesExpression(group, nested('cid', 'Integral')), true);
    assert.equal(matchesExpression(group, nested('cid', 'String')), false, 'both filters must hold for the same feature');
    assert.equal(matchesExpression(group, undefined), true);
  });

  it('sorts by a property with missing values last, and pages with tokens bound to their operation', () => {
    const items = [{ n: 'b', t: 2 }, { n: 'a' }, { n: 'c', t: 1 }];
    assert.deepEqual(sortByProperty(items, (x) => x, 't', 'Ascending').map((x) => x.n), ['c', 'b', 'a']);
    assert.deepEqual(sortByProperty(items, (x) => x, 't', 'Descending').map((x) => x.n), ['b', 'c', 'a']);
    const first = paginate('Search', [1, 2, 3], undefined, 2);
    assert.deepEqual(first.items, [1, 2]);
    assert.deepEqual(paginate('Search', [1, 2, 3], first.NextToken, 2), { items: [3] });
    assert.throws(() => paginate('ListTags', [1, 2, 3], first.NextToken, 2), (e: AwsError) => e.code === 'ValidationException');
    assert.throws(() => paginate('Search', [1], 'garbage', 2), (e: AwsError) => e.code === 'ValidationException');
  });
});
