import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { checkLifecycleRules, dueAfterDays, expirationHeader, ruleSelects, type LifecycleRuleInput } from './rules.js';

const refused = (rules: LifecycleRuleInput[] | undefined, code: string, message?: RegExp) =>
  assert.throws(() => checkLifecycleRules(rules), (e: unknown) => e instanceof AwsError && e.code === code && (!message || message.test(e.message)));

describe('S3 lifecycle rules', () => {
  it('counts days from the moment given and rounds up to the next midnight UTC', () => {
    assert.equal(dueAfterDays(new Date('2026-01-15T10:30:00Z'), 3).toISOString(), '2026-01-19T00:00:00.000Z');
    assert.equal(dueAfterDays(new Date('2026-01-15T00:00:00Z'), 1).toISOString(), '2026-01-16T00:00:00.000Z', 'midnight stays midnight');
  });

  it('refuses what S3 refuses', () => {
    refused(undefined, 'MalformedXML');
    refused([], 'MalformedXML');
    refused([{ Status: 'On', Expiration: { Days: 1 } }], 'MalformedXML');
    refused([{ Status: 'Enabled' }], 'InvalidRequest', /At least one action/);
    refused([{ Status: 'Enabled', Expiration: { Days: 0 } }], 'InvalidArgument', /positive integer/);
    refused([{ Status: 'Enabled', Expiration: { Days: 1, ExpiredObjectDeleteMarker: true } }], 'MalformedXML');
    refused([{ Status: 'Enabled', Expiration: { Date: new Date('2030-01-01T12:00:00Z') } }], 'InvalidArgument', /midnight GMT/);
    refused([{ ID: 'x', Status: 'Enabled', Expiration: { Days: 1 } }, { ID: 'x', Status: 'Enabled', Expiration: { Days: 2 } }], 'InvalidArgument', /unique/);
    refused([{ Status: 'Enabled', Filter: { Prefix: 'a', Tag: { Key: 'k', Value: 'v' } }, Expiration: { Days: 1 } }], 'MalformedXML');
    refused([{ Status: 'Enabled', Filter: { Tag: { Key: 'k', Value: 'v' } }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }], 'InvalidRequest', /Tags/);
    refused([{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 101 } }], 'InvalidArgument');
    refused([{ Status: 'Enabled', Prefix: 'a', Filter: { Prefix: 'b' }, Expiration: { Days: 1 } }], 'MalformedXML');
  });

  it('keeps a Date as ISO text and accepts each action alone', () => {
    const [rule] = checkLifecycleRules([{ ID: 'd', Status: 'Enabled', Filter: {}, Expiration: { Date: new Date('2030-01-01T00:00:00Z') } }]);
    assert.deepEqual(rule!.Expiration, { Date: '2030-01-01T00:00:00.000Z' });
    assert.equal(checkLifecycleRules([{ Status: 'Disabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]).length, 1);
  });

  it('selects by prefix, tags and size bounds (both strict), and only while enabled', () => {
    const rule = checkLifecycleRules([{
      Status: 'Enabled', Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'tier', Value: 'tmp' }], ObjectSizeGreaterThan: 10, ObjectSizeLessThan: 100 } }, Expiration: { Days: 1 },
    }])[0]!;
    const tags = [{ Key: 'tier', Value: 'tmp' }, { Key: 'other', Value: 'x' }];
    assert.equal(ruleSelects(rule, { key: 'logs/a', size: 50, tags }), true);
    assert.equal(ruleSelects(rule, { key: 'data/a', size: 50, tags }), false);
    assert.equal(ruleSelects(rule, { key: 'logs/a', size: 10, tags }), false);
    assert.equal(ruleSelects(rule, { key: 'logs/a', size: 100, tags }), false);
    assert.equal(ruleSelects(rule, { key: 'logs/a', size: 50, tags: [{ Key: 'tier', Value: 'keep' }] }), false);
    assert.equal(ruleSelects({ ...rule, Status: 'Disabled' }, { key: 'logs/a', size: 50, tags }), false);
  });

  it('names the earliest expiry among the rules that select an object', () => {
    const rules = checkLifecycleRules([
      { ID: 'late', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } },
      { ID: 'soon', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 2 } },
      { ID: 'other', Status: 'Enabled', Filter: { Prefix: 'data/' }, Expiration: { Days: 1 } },
    ]);
    const object = { key: 'logs/a', size: 1, tags: [], lastModified: new Date('2026-01-15T10:30:00Z') };
    assert.equal(expirationHeader(rules, object), 'expiry-date="Sun, 18 Jan 2026 00:00:00 GMT", rule-id="soon"');
    assert.equal(expirationHeader([], object), undefined);
  });
});
