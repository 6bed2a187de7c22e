import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GlueClient, CreateDatabaseCommand } from '@aws-sdk/client-glue';
import { clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

/** Bodies over 1 MiB stream at the HTTP edge; outside S3 they must still be signed and read whole. */
describe('request bodies over 1 MiB', () => {
  let server: ServerProcess;
  let acct: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    acct = createAccount(server.dataDir);
  });
  after(() => server.stop());

  it('boto3 (query protocol): a 1.2 MB IAM policy passes the signature check and gets IAM’s validation error', () => {
    const out = JSON.parse(
      python(
        `
import json, boto3, botocore
from botocore.config import Config
iam = boto3.client('iam', config=Config(retries={'max_attempts': 1}, parameter_validation=False))
doc = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/' + 'x' * 1200000}]})
try:
    iam.create_policy(PolicyName='huge', PolicyDocument=doc)
    print(json.dumps(None))
except botocore.exceptions.ClientError as e:
    print(json.dumps([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]))
`,
        clientEnv(server.url, acct),
      ),
    ) as [string, number];
    assert.notEqual(out[0], 'SignatureDoesNotMatch');
    assert.deepEqual(out, ['ValidationError', 400]);
  });

  it('JS SDK (JSON protocol): a 1.2 MB Glue request is verified and answered by the operation', async () => {
    const glue = new GlueClient({ endpoint: server.url, region: 'us-east-1', credentials: acct, maxAttempts: 1 });
    const e = await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'big', Description: 'd'.repeat(1_200_000) } })).then(
      () => undefined,
      (err: { name: string }) => err,
    );
    assert.equal(e?.name, 'ValidationException');
  });

  it('an unsigned 2 MB body to an S3 operation that does not stream is refused before it is read', async () => {
    const res = await fetch(`${server.url}/some-bucket?policy`, { method: 'PUT', body: Buffer.alloc(2 * 1024 * 1024, 32) });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
  });
});
