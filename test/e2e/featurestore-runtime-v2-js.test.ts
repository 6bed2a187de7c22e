import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient, UpdateFeatureGroupCommand } from '@aws-sdk/client-sagemaker';
import {
  BatchWriteRecordCommand, DeleteRecordCommand, GetRecordCommand, ListRecordsCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient, UpdateRecordCommand,
  type BatchWriteRecordEntry, type FeatureValue,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient, trustPolicy } from './iam-helpers.js';
import { readAllParquet } from '../support/offline-store-s3.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const BUCKET = 'v2-offline';
/** Event times near now: the TTLs below must not have run out while the tests read. */
const T = Math.floor(Date.now() / 1000);

const record = (id: string, ts: number, extra: FeatureValue[] = []): FeatureValue[] => [
  { FeatureName: 'id', ValueAsString: id }, { FeatureName: 'ts', ValueAsString: String(ts) }, ...extra,
];
const byName = (r: FeatureValue[] | undefined) => Object.fromEntries((r ?? []).map((f) => [f.FeatureName!, f.ValueAsString ?? f.ValueAsStringList]));

/**
 * The runtime operations AWS added after the guide: BatchWriteRecord, ListRecords, UpdateRecord,
 * and the Standard_V2 storage type with the one-way migration from Standard — against AWS's
 * documented limits and errors, with their offline rows (JS SDK v3).
 */
describe('Feature Store runtime: BatchWriteRecord, ListRecords, UpdateRecord and Standard_V2 (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let a: AccountKeys;
  let rt: SageMakerFeatureStoreRuntimeClient;
  let sm: SageMakerClient;
  const runtime = (credentials: Creds) => new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const group = async (name: string, storage: 'Standard' | 'Standard_V2' | 'InMemory' | undefined, opts: { offline?: boolean; online?: boolean } = {}) => {
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: name, RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }, { FeatureName: 'n', FeatureType: 'Integral' }, { FeatureName: 's', FeatureType: 'String' }],
      ...(opts.online === false ? {} : { OnlineStoreConfig: { EnableOnlineStore: true, ...(storage ? { StorageType: storage } : {}) } }),
      ...(opts.offline ? { OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${BUCKET}/fs` } }, RoleArn: `arn:aws:iam::${b.accountId}:role/fs-offline` } : {}),
    }));
  };

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '50'] });
    b = createAccount(server.dataDir, 'owner-b');
    a = createAccount(server.dataDir, 'other-a');
    rt = runtime(b);
    sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: b, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
    const iam = iamClient(server.url, b);
    await iam.send(new CreateRoleCommand({ RoleName: 'fs-offline', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fs-offline', PolicyName: 'w', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }) }));
    await group('v2', 'Standard_V2', { offline: true });
    await group('std', undefined);
    await group('mem', 'InMemory');
    await group('offline-only', undefined, { online: false, offline: true });
  });
  after(() => server.stop());

  it('BatchWriteRecord: 25 entries across groups, each failure listed with its entry, the rest written; a request TTL for entries without their own', async () => {
    const entries: BatchWriteRecordEntry[] = [
      ...Array.from({ length: 20 }, (_, i) => ({ FeatureGroupName: 'v2', Record: record(`b${String(i).padStart(2, '0')}`, T, [{ FeatureName: 'n', ValueAsString: String(i) }]) })),
      { FeatureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/std`, Record: record('s1', T), TtlDuration: { Unit: 'Days', Value: 2 } },
      { FeatureGroupName: 'v2', Record: record('bad-feature', T, [{ FeatureName: 'bogus', ValueAsString: 'x' }]) },
      { FeatureGroupName: 'missing', Record: record('m1', T) },
      { FeatureGroupName: 'v2', Record: record('bad-type', T, [{ FeatureName: 'n', ValueAsString: '1.5' }]) },
      { FeatureGroupName: 'mem', Record: record('m1', T) },
    ];
    const out = await rt.send(new BatchWriteRecordCommand({ Entries: entries, TtlDuration: { Unit: 'Hours', Value: 1 } }));
    assert.deepEqual(out.UnprocessedEntries, []);
    assert.deepEqual(out.Errors!.map((e) => [e.Entry!.Record![0]!.ValueAsString, e.ErrorCode]), [['bad-feature', 'ValidationException'], ['m1', 'ResourceNotFound'], ['bad-type', 'ValidationException']]);
    assert.equal(out.Errors![0]!.ErrorMessage, 'Validation Error: Feature bogus is not defined in FeatureGroup v2.');
    assert.equal(out.Errors![1]!.Entry!.FeatureGroupName, 'missing');
    assert.equal(out.Errors![1]!.ErrorMessage, "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name missing");
    const got = await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'b07', ExpirationTimeResponse: 'Enabled' }));
    assert.equal(byName(got.Record)['n'], '7');
    assert.equal(got.ExpiresAt, new Date((T + 3600) * 1000).toISOString(), 'the request-level TTL');
    const std = await rt.send(new GetRecordCommand({ FeatureGroupName: 'std', RecordIdentifierValueAsString: 's1', ExpirationTimeResponse: 'Enabled' }));
    assert.equal(std.ExpiresAt, new Date((T + 2 * 86400) * 1000).toISOString(), 'the entry’s own TTL wins');
    assert.equal(byName((await rt.send(new GetRecordCommand({ FeatureGroupName: 'mem', RecordIdentifierValueAsString: 'm1' }))).Record)['id'], 'm1');
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'bad-type' }))).Record, undefined, 'a failed entry writes nothing');
  });

  it('BatchWriteRecord: more than 25 entries, or none, is refused whole', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ FeatureGroupName: 'v2', Record: record(`x${i}`, T) }));
    await assertAwsError(rt.send(new BatchWriteRecordCommand({ Entries: many })), 'ValidationException', 400, /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 25$/);
    await assertAwsError(rt.send(new BatchWriteRecordCommand({ Entries: [] })), 'ValidationException', 400, /at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1$/);
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'x0' }))).Record, undefined);
  });

  it('BatchWriteRecord: a group the caller may not write is an AccessDeniedException per entry; another account reaches no group by ARN', async () => {
    const iam = iamClient(server.url, b);
    await iam.send(new CreateUserCommand({ UserName: 'writer' }));
    await iam.send(new PutUserPolicyCommand({
      UserName: 'writer', PolicyName: 'p',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:BatchWriteRecord', Resource: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/v2` }] }),
    }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'writer' }))).AccessKey!;
    const writer = runtime({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const out = await writer.send(new BatchWriteRecordCommand({ Entries: [{ FeatureGroupName: 'v2', Record: record('w1', T) }, { FeatureGroupName: 'std', Record: record('w2', T) }] }));
    assert.deepEqual(out.Errors!.map((e) => [e.Entry!.FeatureGroupName, e.ErrorCode]), [['std', 'AccessDeniedException']]);
    assert.match(out.Errors![0]!.ErrorMessage!, new RegExp(`user/writer is not authorized to perform: sagemaker:BatchWriteRecord on resource: arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/std`));
    assert.equal(byName((await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'w1' }))).Record)['id'], 'w1');
    // Feature groups have no resource policy: another account's caller is refused by ARN, whatever its own policies say.
    const other = await runtime(a).send(new BatchWriteRecordCommand({ Entries: [{ FeatureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/v2`, Record: record('intruder', T) }] }));
    assert.deepEqual(other.Errors!.map((e) => e.ErrorCode), ['AccessDeniedException']);
    assert.equal((await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'intruder' }))).Record, undefined);
    await assertAwsError(runtime(a).send(new ListRecordsCommand({ FeatureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/v2` })), 'AccessDeniedException', 400, /sagemaker:ListRecords/);
    await assertAwsError(runtime(a).send(new UpdateRecordCommand({ FeatureGroupName: `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/v2`, RecordIdentifierValueAsString: 'b00', Features: [{ FeatureName: 's', ValueAsString: 'x' }] })), 'AccessDeniedException', 400, /sagemaker:UpdateRecord/);
  });

  it('ListRecords: every live identifier once, a page at a time; soft-deleted ones when asked; never an expired one', async () => {
    for (let i = 0; i < 12; i++) await rt.send(new PutRecordCommand({ FeatureGroupName: 'std', Record: record(`l${String(i).padStart(2, '0')}`, T) }));
    await rt.send(new DeleteRecordCommand({ FeatureGroupName: 'std', RecordIdentifierValueAsString: 'l03', EventTime: String(T + 1) }));
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'std', Record: record('l-expired', T), TtlDuration: { Unit: 'Seconds', Value: 1 } }));
    const all = async (include: boolean) => {
      const ids: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await rt.send(new ListRecordsCommand({ FeatureGroupName: 'std', MaxResults: 5, NextToken: token, IncludeSoftDeletedRecords: include }));
        assert.ok(page.RecordIdentifiers!.length <= 5);
        ids.push(...page.RecordIdentifiers!);
        token = page.NextToken;
        pages++;
      } while (token !== undefined && pages < 50);
      return ids;
    };
    const live = [...Array.from({ length: 12 }, (_, i) => `l${String(i).padStart(2, '0')}`).filter((id) => id !== 'l03'), 's1'];
    assert.deepEqual(await all(false), live.sort(), 'the Standard store lists in identifier order');
    assert.deepEqual((await all(true)).sort(), [...live, 'l03'].sort());
    const mem = await rt.send(new ListRecordsCommand({ FeatureGroupName: 'mem' }));
    assert.deepEqual(mem.RecordIdentifiers, ['m1']);
    assert.equal(mem.NextToken, undefined);
  });

  it('ListRecords: its errors — a token of another group or none of ours, MaxResults out of range, no online store, no group', async () => {
    const first = await rt.send(new ListRecordsCommand({ FeatureGroupName: 'v2', MaxResults: 2 }));
    assert.ok(first.NextToken);
    await assertAwsError(rt.send(new ListRecordsCommand({ FeatureGroupName: 'std', NextToken: first.NextToken })), 'ValidationError', 400,
      'Validation Error: The NextToken is not valid for ListRecords of FeatureGroup std: pass the NextToken of the previous ListRecords of this feature group, unchanged.');
    await assertAwsError(rt.send(new ListRecordsCommand({ FeatureGroupName: 'v2', NextToken: 'bm90IGEgdG9rZW4' })), 'ValidationError', 400, /NextToken is not valid/);
    await assertAwsError(rt.send(new ListRecordsCommand({ FeatureGroupName: 'v2', MaxResults: 101 })), 'ValidationException', 400,
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
    await assertAwsError(rt.send(new ListRecordsCommand({ FeatureGroupName: 'offline-only' })), 'ValidationError', 400, /has no OnlineStore/);
    await assertAwsError(rt.send(new ListRecordsCommand({ FeatureGroupName: 'nope' })), 'ResourceNotFound', 404, "Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name nope");
  });

  it('UpdateRecord: only on Standard_V2 and InMemory; Standard migrates one way with UpdateFeatureGroup', async () => {
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'std', Record: record('u1', T, [{ FeatureName: 'n', ValueAsString: '1' }, { FeatureName: 's', ValueAsString: 'a' }]) }));
    const update = (name: string) => rt.send(new UpdateRecordCommand({ FeatureGroupName: name, RecordIdentifierValueAsString: 'u1', Features: [{ FeatureName: 'n', ValueAsString: '2' }] }));
    await assertAwsError(update('std'), 'ValidationError', 400, /UpdateRecord is available only for feature groups whose online store StorageType is Standard_V2 or InMemory; FeatureGroup std uses Standard/);
    await sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'std', OnlineStoreConfig: { StorageType: 'Standard_V2' } }));
    const described = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'std' }));
    assert.equal(described.OnlineStoreConfig!.StorageType, 'Standard_V2');
    assert.equal(described.LastUpdateStatus!.Status, 'Successful');
    await update('std');
    assert.deepEqual(byName((await rt.send(new GetRecordCommand({ FeatureGroupName: 'std', RecordIdentifierValueAsString: 'u1' }))).Record), { id: 'u1', ts: String(T), n: '2', s: 'a' }, 'records stay, and take updates');
    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'std', OnlineStoreConfig: { StorageType: 'Standard' } })), 'ValidationException', 400, /can only migrate StorageType Standard to Standard_V2 \(one way\), not Standard_V2 to Standard/);
    await assertAwsError(sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'mem', OnlineStoreConfig: { StorageType: 'Standard_V2' } })), 'ValidationException', 400, /not InMemory to Standard_V2/);
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'mem', Record: record('u1', T, [{ FeatureName: 's', ValueAsString: 'm' }]) }));
    await update('mem');
    assert.deepEqual(byName((await rt.send(new GetRecordCommand({ FeatureGroupName: 'mem', RecordIdentifierValueAsString: 'u1' }))).Record), { id: 'u1', ts: String(T), s: 'm', n: '2' });
  });

  it('UpdateRecord: sets what it names and keeps the rest; an earlier EventTime is a ConflictException; equal or later applies', async () => {
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'v2', Record: record('p1', T + 10, [{ FeatureName: 'n', ValueAsString: '1' }, { FeatureName: 's', ValueAsString: 'a' }]) }));
    const update = (features: FeatureValue[], extra: Partial<ConstructorParameters<typeof UpdateRecordCommand>[0]> = {}) =>
      rt.send(new UpdateRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'p1', Features: features, ...extra }));
    await update([{ FeatureName: 's', ValueAsString: 'b' }]);
    const get = async () => byName((await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'p1' }))).Record);
    assert.deepEqual(await get(), { id: 'p1', ts: String(T + 10), n: '1', s: 'b' });
    await assertAwsError(update([{ FeatureName: 'ts', ValueAsString: String(T + 9) }, { FeatureName: 's', ValueAsString: 'old' }]), 'ConflictException', 409,
      `EventTime ${T + 9} is earlier than the EventTime of record p1. Read the record's latest EventTime and send one equal to it or later.`);
    await update([{ FeatureName: 'ts', ValueAsString: String(T + 10) }, { FeatureName: 'n', ValueAsString: '5' }]);
    await update([{ FeatureName: 'id', ValueAsString: 'p1' }, { FeatureName: 'ts', ValueAsString: String(T + 20) }], { TtlDuration: { Unit: 'Minutes', Value: 1 } });
    assert.deepEqual(await get(), { id: 'p1', ts: String(T + 20), n: '5', s: 'b' });
    const withExpiry = await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'p1', ExpirationTimeResponse: 'Enabled' }));
    assert.equal(withExpiry.ExpiresAt, new Date((T + 80) * 1000).toISOString());
  });

  it('UpdateRecord: its errors — no such record, a soft-deleted one, TTL without EventTime, unknown features, too many, a changed identifier', async () => {
    const update = (id: string, features: FeatureValue[], extra: Partial<ConstructorParameters<typeof UpdateRecordCommand>[0]> = {}) =>
      rt.send(new UpdateRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: id, Features: features, ...extra }));
    const notFound = (id: string) => `Resource Not Found: Record ${id} does not exist in FeatureGroup v2 (or it was deleted). UpdateRecord changes existing records only: create one with PutRecord.`;
    await assertAwsError(update('nobody', [{ FeatureName: 's', ValueAsString: 'x' }]), 'ResourceNotFound', 404, notFound('nobody'));
    await rt.send(new PutRecordCommand({ FeatureGroupName: 'v2', Record: record('gone', T) }));
    await rt.send(new DeleteRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'gone', EventTime: String(T + 1) }));
    await assertAwsError(update('gone', [{ FeatureName: 's', ValueAsString: 'x' }, { FeatureName: 'ts', ValueAsString: String(T + 2) }]), 'ResourceNotFound', 404, notFound('gone'));
    await assertAwsError(update('b01', [{ FeatureName: 's', ValueAsString: 'x' }], { TtlDuration: { Unit: 'Days', Value: 1 } }), 'ValidationException', 400,
      'Validation Error: A TtlDuration needs an EventTime: send the event time feature ts in Features with it.');
    await assertAwsError(update('b01', [{ FeatureName: 'bogus', ValueAsString: 'x' }]), 'ValidationException', 400, 'Validation Error: Feature bogus is not defined in FeatureGroup v2.');
    await assertAwsError(update('b01', [{ FeatureName: 'n', ValueAsString: 'x' }]), 'ValidationException', 400, /Value "x" of feature n in FeatureGroup v2 is not a valid Integral/);
    await assertAwsError(update('b01', Array.from({ length: 101 }, () => ({ FeatureName: 's', ValueAsString: 'x' }))), 'ValidationException', 400,
      'Validation Error: UpdateRecord sets 101 features; one request can set at most 100.');
    await assertAwsError(update('b01', [{ FeatureName: 'id', ValueAsString: 'b02' }]), 'ValidationException', 400, /a record's identifier cannot change/);
    await assertAwsError(update('b01', [{ FeatureName: 's', ValueAsString: 'x'.repeat(358_390) }]), 'ValidationException', 400, /The updated record would be \d+ bytes; a record can be at most 358400 bytes/);
    assert.equal(byName((await rt.send(new GetRecordCommand({ FeatureGroupName: 'v2', RecordIdentifierValueAsString: 'b01' }))).Record)['s'], undefined, 'nothing written by a refused update');
  });

  it('the offline store: a row per BatchWriteRecord entry written, and the whole merged record per UpdateRecord', async () => {
    const prefix = `${(await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'v2' }))).OfflineStoreConfig!.S3StorageConfig!.ResolvedOutputS3Uri!.replace(`s3://${BUCKET}/`, '')}/`;
    const scratch = mkdtempSync(join(tmpdir(), 'sagelite-v2-offline-'));
    try {
      // p1: put, update (s=b), update (n=5), update (ts=T+20): four rows; the rejected updates none.
      const expected = 20 + 1 + 4 + 2; // batch entries, w1, p1's rows, gone's put and its deletion marker
      let rows: Array<Record<string, unknown>> = [];
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
        rows = await readAllParquet(server.url, b, BUCKET, prefix, scratch);
        if (rows.length >= expected) break;
      }
      assert.equal(rows.length, expected, `offline rows: ${rows.map((r) => r['id']).join(' ')}`);
      const p1 = rows.filter((r) => r['id'] === 'p1').map((r) => [Number(r['ts']), r['n'] === null ? null : Number(r['n']), r['s']]).sort();
      assert.deepEqual(p1, [[T + 10, 1, 'a'], [T + 10, 1, 'b'], [T + 10, 5, 'b'], [T + 20, 5, 'b']]);
      assert.equal(rows.filter((r) => String(r['id']).startsWith('b')).length, 20);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
