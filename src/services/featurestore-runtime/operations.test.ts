import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rootPrincipal } from '../../core/principal.js';
import { batchGetRecord } from './batch-get-record.js';
import { deleteRecord } from './delete-record.js';
import { getRecord } from './get-record.js';
import { putRecord } from './put-record.js';
import type { FeatureValueInput } from './record-input.js';
import { groupFixture, RuntimeFixture } from '../../../test/support/featurestore-runtime-fixtures.js';

const rec = (cid: string, at: number, more: FeatureValueInput[] = []): FeatureValueInput[] => [
  { FeatureName: 'cid', ValueAsString: cid },
  { FeatureName: 'created_at', ValueAsString: String(at) },
  ...more,
];

describe('Feature Store runtime operations (fixture groups, real stores and policy engine)', () => {
  let f: RuntimeFixture;
  let arn: string;
  const now = () => f.clock.now().getTime() / 1000;

  before(async () => {
    f = await RuntimeFixture.open();
    arn = (await f.addGroup(groupFixture(f.b, 'Customers', { onlineStoreConfig: { EnableOnlineStore: true, TtlDuration: { Unit: 'Days', Value: 1 } } }))).arn;
    await f.addGroup(groupFixture(f.b, 'offline-only', { onlineStoreConfig: { EnableOnlineStore: false } }));
    const { offlineStoreConfig: _none, ...onlineOnly } = groupFixture(f.b, 'online-only');
    await f.addGroup(onlineOnly);
  });
  after(() => f.close());

  it('puts and gets a record by name and by ARN (names without regard to case), with projection and ExpiresAt', async () => {
    const t = now();
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('1001', t, [{ FeatureName: 'name', ValueAsString: 'aaron' }]) });
    const got = await f.call(getRecord, { FeatureGroupName: arn, RecordIdentifierValueAsString: '1001' });
    assert.deepEqual(got, { Record: [{ FeatureName: 'cid', ValueAsString: '1001' }, { FeatureName: 'created_at', ValueAsString: String(t) }, { FeatureName: 'name', ValueAsString: 'aaron' }] });
    const projected = await f.call(getRecord, { FeatureGroupName: 'customers', RecordIdentifierValueAsString: '1001', FeatureNames: ['name', 'age'], ExpirationTimeResponse: 'Enabled' });
    assert.deepEqual(projected.Record, [{ FeatureName: 'name', ValueAsString: 'aaron' }]);
    assert.equal(projected.ExpiresAt, new Date(t * 1000 + 86_400_000).toISOString(), 'the group’s one-day TTL');
    assert.deepEqual(await f.call(getRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '404' }), {}, 'a missing record is an empty answer');
    const e = await f.failure(getRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '1001', FeatureNames: ['nope'] });
    assert.equal(e.code, 'ValidationException');
  });

  it('writes the offline row with the request time as api_invocation_time', async () => {
    await f.outbox.acknowledge((await f.outbox.pending(100)).map((r) => r.sequence));
    const sent = f.clock.now().getTime();
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('1002', now()) });
    const [row] = await f.outbox.pending(10);
    assert.equal(row!.apiInvocationTime.getTime(), sent);
    assert.equal(row!.values['name'], null);
    assert.equal(row!.featureGroupName, 'Customers');
  });

  it('answers a missing group as AWS does: ValidationError for writes, ResourceNotFound (404) for GetRecord', async () => {
    const put = await f.failure(putRecord, { FeatureGroupName: 'ghost', Record: rec('1', 1) });
    assert.deepEqual([put.code, put.status, put.message], ['ValidationError', 400, "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name ghost"]);
    const get = await f.failure(getRecord, { FeatureGroupName: 'ghost', RecordIdentifierValueAsString: '1' });
    assert.deepEqual([get.code, get.status], ['ResourceNotFound', 404]);
    const del = await f.failure(deleteRecord, { FeatureGroupName: 'ghost', RecordIdentifierValueAsString: '1', EventTime: '1' });
    assert.equal(del.code, 'ValidationError');
  });

  it('honours the group’s stores: offline-only groups cannot be read, online-only groups write no outbox rows', async () => {
    await f.outbox.acknowledge((await f.outbox.pending(100)).map((r) => r.sequence));
    const get = await f.failure(getRecord, { FeatureGroupName: 'offline-only', RecordIdentifierValueAsString: '1' });
    assert.equal(get.code, 'ValidationError');
    assert.match(get.message, /has no OnlineStore/);
    const target = await f.failure(putRecord, { FeatureGroupName: 'offline-only', Record: rec('1', 1), TargetStores: ['OnlineStore'] });
    assert.match(target.message, /TargetStores includes OnlineStore, but FeatureGroup offline-only has no OnlineStore/);
    await f.call(putRecord, { FeatureGroupName: 'offline-only', Record: rec('1', 1) });
    assert.equal((await f.outbox.pending(10)).length, 1);
    await f.call(putRecord, { FeatureGroupName: 'online-only', Record: rec('1', 1) });
    assert.equal((await f.outbox.pending(10)).length, 1);
    assert.ok((await f.call(getRecord, { FeatureGroupName: 'online-only', RecordIdentifierValueAsString: '1' })).Record);
  });

  it('expires records at EventTime + TTL (the record’s own TTL first) and hard-deletes them', async () => {
    const t = now();
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('7001', t), TtlDuration: { Unit: 'Seconds', Value: 30 } });
    const live = await f.call(getRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7001', ExpirationTimeResponse: 'Enabled' });
    assert.equal(live.ExpiresAt, new Date(t * 1000 + 30_000).toISOString());
    f.clock.advance(30_000);
    assert.deepEqual(await f.call(getRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7001' }), {});
    await new Promise((r) => setImmediate(r));
    const marker = (await f.outbox.pending(1000)).at(-1)!;
    assert.deepEqual([marker.values['cid'], marker.isDeleted, marker.eventTime], ['7001', true, String(t + 30)]);
  });

  it('soft-deletes by default, refuses a stale hard delete, and writes markers', async () => {
    const t = now();
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('7002', t) });
    await f.call(deleteRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7002', EventTime: String(t + 1) });
    assert.deepEqual(await f.call(getRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7002' }), {});
    assert.equal((await f.outbox.pending(1000)).at(-1)!.isDeleted, true);
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('7002', t + 2) });
    await f.outbox.acknowledge((await f.outbox.pending(1000)).map((r) => r.sequence));
    const stale = await f.failure(deleteRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7002', EventTime: String(t + 2), DeletionMode: 'HardDelete' });
    assert.equal(stale.code, 'ValidationException');
    assert.match(stale.message, /is not later than the EventTime of record 7002/);
    assert.equal((await f.outbox.pending(10)).length, 0, 'no marker for a failed hard delete');
    const bad = await f.failure(deleteRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7002', EventTime: 'yesterday' });
    assert.match(bad.message, /Event time "yesterday" of feature created_at is not valid/);
    await f.call(deleteRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7002', EventTime: String(t + 3), DeletionMode: 'HardDelete' });
    assert.deepEqual(await f.call(getRecord, { FeatureGroupName: 'Customers', RecordIdentifierValueAsString: '7002' }), {});
    assert.equal((await f.outbox.pending(10)).length, 1);
  });

  it('denies another account’s root on the group’s ARN: no resource policy can allow it', async () => {
    const fromA = f.ctx(rootPrincipal(f.a, 'AKIAOTHER'));
    const e = await f.failure(putRecord, { FeatureGroupName: arn, Record: rec('9', 1) }, fromA);
    assert.equal(e.code, 'AccessDeniedException');
    assert.equal(e.message, `User: arn:aws:iam::${f.a}:root is not authorized to perform: sagemaker:PutRecord on resource: ${arn} because no resource-based policy allows the sagemaker:PutRecord action`);
  });

  it('BatchGetRecord reads across groups, reporting missing, denied and unreadable groups per record, with all three lists', async () => {
    const t = now();
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('8001', t) });
    await f.call(putRecord, { FeatureGroupName: 'Customers', Record: rec('8002', t, [{ FeatureName: 'age', ValueAsString: '24' }]) });
    const ctx = f.ctx();
    const out = await f.call(batchGetRecord, {
      Identifiers: [
        { FeatureGroupName: 'Customers', RecordIdentifiersValueAsString: ['8001', '8002', '8009'], FeatureNames: ['cid', 'age'] },
        { FeatureGroupName: 'ghost', RecordIdentifiersValueAsString: ['1'] },
        { FeatureGroupName: 'offline-only', RecordIdentifiersValueAsString: ['1'] },
      ],
      ExpirationTimeResponse: 'Enabled',
    }, ctx);
    assert.deepEqual(out.Records.map((r) => [r.RecordIdentifierValueAsString, r.Record.length, typeof r.ExpiresAt]), [['8001', 1, 'string'], ['8002', 2, 'string']]);
    assert.deepEqual(out.Errors.map((e) => [e.FeatureGroupName, e.ErrorCode]), [['ghost', 'ResourceNotFound'], ['offline-only', 'ValidationError']]);
    assert.deepEqual(out.UnprocessedIdentifiers, []);
    assert.equal((await f.state.decisions.get(ctx.requestId))?.allowed, true);

    const fromA = f.ctx(rootPrincipal(f.a, 'AKIAOTHER'));
    const cross = await f.call(batchGetRecord, { Identifiers: [{ FeatureGroupName: arn, RecordIdentifiersValueAsString: ['8001', '8002'] }] }, fromA);
    assert.deepEqual(cross.Errors.map((e) => e.ErrorCode), ['AccessDeniedException', 'AccessDeniedException']);
    assert.match(cross.Errors[0]!.ErrorMessage, /not authorized to perform: sagemaker:BatchGetRecord on resource: .*feature-group\/customers because no resource-based policy/);
    const explained = (await f.state.decisions.get(fromA.requestId))!;
    assert.equal(explained.allowed, false);
    assert.match(explained.explanation, /sagemaker:BatchGetRecord/);

    const many = await f.failure(batchGetRecord, { Identifiers: [{ FeatureGroupName: 'Customers', RecordIdentifiersValueAsString: Array.from({ length: 101 }, (_, i) => String(i)) }] });
    assert.equal(many.code, 'ValidationException');
  });
});
