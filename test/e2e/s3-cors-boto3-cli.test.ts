import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

/** Put/Get/DeleteBucketCors with boto3 and the AWS CLI, as S3 answers them. */
describe('S3 CORS configuration with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let dir: string;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'cors-cli-a');
    dir = mkdtempSync(join(tmpdir(), 'sagelite-cors-cli-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('boto3: put, get, delete; S3’s errors for a missing configuration and a bad method', () => {
    const out = JSON.parse(
      python(
        `import json, boto3, botocore
from botocore.config import Config
${BOTO_ERR}
s3 = boto3.client('s3', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
s3.create_bucket(Bucket='boto-cors')
out = {'missing': err(lambda: s3.get_bucket_cors(Bucket='boto-cors'))}
rules = [{'AllowedOrigins': ['https://app.example.com'], 'AllowedMethods': ['GET', 'POST'], 'AllowedHeaders': ['*'], 'ExposeHeaders': ['ETag'], 'MaxAgeSeconds': 600},
         {'ID': 'any', 'AllowedOrigins': ['*'], 'AllowedMethods': ['HEAD']}]
out['put'] = s3.put_bucket_cors(Bucket='boto-cors', CORSConfiguration={'CORSRules': rules})['ResponseMetadata']['HTTPStatusCode']
out['get'] = s3.get_bucket_cors(Bucket='boto-cors')['CORSRules']
out['bad_method'] = err(lambda: s3.put_bucket_cors(Bucket='boto-cors', CORSConfiguration={'CORSRules': [{'AllowedOrigins': ['*'], 'AllowedMethods': ['get']}]}))
out['delete'] = s3.delete_bucket_cors(Bucket='boto-cors')['ResponseMetadata']['HTTPStatusCode']
out['deleted'] = err(lambda: s3.get_bucket_cors(Bucket='boto-cors'))
print(json.dumps(out))`,
        clientEnv(server.url, a),
      ),
    ) as Record<string, unknown>;
    assert.deepEqual(out['missing'], ['NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist']);
    assert.equal(out['put'], 200);
    assert.deepEqual(out['get'], [
      { AllowedHeaders: ['*'], AllowedMethods: ['GET', 'POST'], AllowedOrigins: ['https://app.example.com'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
      { ID: 'any', AllowedMethods: ['HEAD'], AllowedOrigins: ['*'] },
    ]);
    assert.deepEqual(out['bad_method'], ['InvalidRequest', 400, 'Found unsupported HTTP method in CORS config. Unsupported method is get']);
    assert.equal(out['delete'], 204);
    assert.deepEqual(out['deleted'], ['NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist']);
  });

  it('AWS CLI: put-bucket-cors from a file, get-bucket-cors, delete-bucket-cors', () => {
    const env = clientEnv(server.url, a);
    assert.equal(awsCli(['s3api', 'create-bucket', '--bucket', 'cli-cors'], env).status, 0);
    const file = join(dir, 'cors.json');
    writeFileSync(file, JSON.stringify({ CORSRules: [{ AllowedOrigins: ['http://*.example.org'], AllowedMethods: ['PUT', 'DELETE'], AllowedHeaders: ['Content-Type'] }] }));
    const put = awsCli(['s3api', 'put-bucket-cors', '--bucket', 'cli-cors', '--cors-configuration', `file://${file}`], env);
    assert.equal(put.status, 0, put.stderr);
    const got = awsCli(['s3api', 'get-bucket-cors', '--bucket', 'cli-cors'], env);
    assert.equal(got.status, 0, got.stderr);
    assert.deepEqual(JSON.parse(got.stdout), { CORSRules: [{ AllowedHeaders: ['Content-Type'], AllowedMethods: ['PUT', 'DELETE'], AllowedOrigins: ['http://*.example.org'] }] });
    assert.equal(awsCli(['s3api', 'delete-bucket-cors', '--bucket', 'cli-cors'], env).status, 0);
    const gone = awsCli(['s3api', 'get-bucket-cors', '--bucket', 'cli-cors'], env);
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /\(NoSuchCORSConfiguration\) when calling the GetBucketCors operation: The CORS configuration does not exist/);
  });
});
