import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../app.js';
import { configFromEnv } from '../../../core/config.js';
import { rootPrincipal, userPrincipal, type Principal } from '../../../core/principal.js';
import { QueryFailure } from '../../../query-engine/types.js';
import { CallerCatalog } from './caller-catalog.js';
import { CallerStorage } from './caller-storage.js';

/** A QueryFailure whose message matches `pattern` (the assertion keeps the message visible when it does not). */
function failsWith(pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof QueryFailure, `expected a QueryFailure, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  };
}

describe('Athena reaches S3 and Glue as the caller', () => {
  let server: RunningServer;
  let dir: string;
  let root: Principal;
  let analyst: Principal;
  let accountId: string;
  const region = 'us-east-1';
  const bucket = () => `data-${accountId}`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-athena-access-'));
    server = await startServer({ ...configFromEnv({}), port: 0, dataDir: dir, logLevel: 'silent' });
    const { account, rootKey } = await server.state.accounts.createAccount({});
    accountId = account.accountId;
    root = rootPrincipal(accountId, rootKey.accessKeyId);
    const call = (service: 's3' | 'iam', op: string, input: Record<string, unknown>) => server.state.internal.call(root, service, op, input);
    await call('s3', 'CreateBucket', { Bucket: bucket() });
    const { User } = await call('iam', 'CreateUser', { UserName: 'analyst' }) as { User: { Arn: string; UserId: string; UserName: string } };
    // The analyst may list only `open/` and read only `open/public/*`; nothing else.
    await call('iam', 'PutUserPolicy', {
      UserName: 'analyst',
      PolicyName: 'some-reads',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket()}`, Condition: { StringLike: { 's3:prefix': 'open/*' } } },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket()}/open/public/*` },
        ],
      }),
    });
    analyst = userPrincipal({ accountId, arn: User.Arn, userId: User.UserId, userName: User.UserName }, 'AKIAANALYST');
    const storage = new CallerStorage(server.state, root, region);
    for (const key of ['open/public/year=2024/a.parquet', 'open/public/_SUCCESS', 'open/public/.hidden/x', 'open/private/b.csv', 'closed/c.csv']) {
      await storage.putObject(`s3://${bucket()}/${key}`, Buffer.from(`bytes of ${key}`));
    }
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('materializes every visible object under a prefix with its key relative to it, skipping hidden ones', async () => {
    const local = join(dir, 'q1');
    const files = await new CallerStorage(server.state, root, region).fetchPrefix(`s3://${bucket()}/open/public`, local);
    assert.deepEqual(files.map((f) => f.relativeKey), ['year=2024/a.parquet']);
    assert.equal(readFileSync(files[0]!.path, 'utf8'), 'bytes of open/public/year=2024/a.parquet');
    assert.equal(files[0]!.size, 'bytes of open/public/year=2024/a.parquet'.length);
    assert.equal(files[0]!.path, join(local, 'year=2024', 'a.parquet'));
  });

  it('reads what the caller may read, and fails naming the S3 path of the first object it may not', async () => {
    const storage = new CallerStorage(server.state, analyst, region);
    assert.equal((await storage.fetchPrefix(`s3://${bucket()}/open/public/`, join(dir, 'q2'))).length, 1);
    await assert.rejects(storage.fetchPrefix(`s3://${bucket()}/open/`, join(dir, 'q3')), failsWith(new RegExp(`^Permission denied on S3 path: s3://${bucket()}/open/private/b\\.csv\\. .*Error Code: AccessDenied; Request ID: `)));
    await assert.rejects(storage.fetchPrefix(`s3://${bucket()}/closed`, join(dir, 'q4')), failsWith(new RegExp(`^Permission denied on S3 path: s3://${bucket()}/closed/\\. User: ${analyst.arn} is not authorized to perform: s3:ListBucket`)));
  });

  it('fails a write it may not make with Athena\'s "Access denied when writing output" message', async () => {
    await assert.rejects(
      new CallerStorage(server.state, analyst, region).putObject(`s3://${bucket()}/results/q.csv`, Buffer.from('x')),
      failsWith(new RegExp(`^Access denied when writing output to url: s3://${bucket()}/results/q\\.csv \\. Please ensure you are allowed to access the S3 bucket\\.`)),
    );
  });

  it('honours ExpectedBucketOwner on writes and reads', async () => {
    const wrongOwner = new CallerStorage(server.state, root, region, { expectedBucketOwner: '111111111111' });
    await assert.rejects(wrongOwner.putObject(`s3://${bucket()}/results/q.csv`, Buffer.from('x')), failsWith(/Access denied when writing output/));
    const rightOwner = new CallerStorage(server.state, root, region, { expectedBucketOwner: accountId, bucketOwnerFullControl: true });
    await rightOwner.putObject(`s3://${bucket()}/results/q.csv`, Buffer.from('"a"\n"1"\n'));
    assert.equal((await rightOwner.getObject(`s3://${bucket()}/results/q.csv`)).toString(), '"a"\n"1"\n');
    await assert.rejects(wrongOwner.getObject(`s3://${bucket()}/results/q.csv`), failsWith(/^Permission denied on S3 path: s3:\/\/.*results\/q\.csv/));
  });

  it('lists keys under a prefix for MSCK REPAIR TABLE', async () => {
    assert.deepEqual(await new CallerStorage(server.state, root, region).listPrefix(`s3://${bucket()}/open`), ['private/b.csv', 'public/year=2024/a.parquet']);
  });

  it('reads and changes the Glue catalog as the caller; a caller without Glue permissions gets Athena\'s insufficient-permissions failure', async () => {
    const catalog = new CallerCatalog(server.state, root, region);
    assert.equal(await catalog.databaseExists('sales'), false);
    await catalog.createDatabase('sales', { comment: 'orders' });
    await assert.rejects(catalog.createDatabase('sales', {}), failsWith(/^AlreadyExistsException: /));
    await catalog.createTable('sales', { Name: 'Orders', PartitionKeys: [{ Name: 'year', Type: 'string' }], StorageDescriptor: { Location: `s3://${bucket()}/open/public`, Columns: [{ Name: 'id', Type: 'bigint' }] } });
    assert.equal((await catalog.getTable('sales', 'orders'))?.Name, 'orders');
    assert.equal(await catalog.getTable('sales', 'missing'), undefined);
    assert.equal(await catalog.getTable('nodb', 'orders'), undefined);
    assert.deepEqual((await catalog.listTables('sales')).map((t) => t.Name), ['orders']);
    assert.ok((await catalog.listDatabases()).includes('sales'));
    const partition = { Values: ['2024'], StorageDescriptor: { Location: `s3://${bucket()}/open/public/year=2024` } };
    assert.equal(await catalog.addPartitions('sales', 'orders', [partition]), 1);
    assert.equal(await catalog.addPartitions('sales', 'orders', [partition]), 0);
    assert.deepEqual((await catalog.listPartitions('sales', 'orders')).map((p) => p.Values), [['2024']]);
    assert.equal(await catalog.dropPartitions('sales', 'orders', [['2024'], ['1999']]), 1);
    assert.deepEqual(await catalog.listPartitions('sales', 'orders'), []);
    await assert.rejects(new CallerCatalog(server.state, analyst, region).getTable('sales', 'orders'), failsWith(/^Insufficient permissions to execute the query\. User: .* is not authorized to perform: glue:GetTable .*\(Service: AWSGlue; Status Code: 400; Error Code: AccessDeniedException; Request ID: /));
    assert.equal(await catalog.dropTable('sales', 'orders'), true);
    assert.equal(await catalog.dropTable('sales', 'orders'), false);
    assert.equal(await catalog.dropDatabase('sales'), true);
  });
});
