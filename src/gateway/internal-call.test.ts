import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../app.js';
import { configFromEnv } from '../core/config.js';
import { rootPrincipal } from '../core/principal.js';
import { AwsError } from '../core/errors.js';
import { assumeRoleForService } from '../services/sts/assume-role-for-service.js';

describe('internal calls: an operation called as a principal from inside sagelite', () => {
  let server: RunningServer;
  let dir: string;
  let accountId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-internal-'));
    server = await startServer({ ...configFromEnv({}), port: 0, dataDir: dir, logLevel: 'silent' });
    const { account, rootKey } = await server.state.accounts.createAccount({});
    accountId = account.accountId;
    const root = rootPrincipal(accountId, rootKey.accessKeyId);
    const calls = server.state.internal;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await calls.call(root, 'iam', 'CreateRole', { RoleName: 'offline-writer', AssumeRolePolicyDocument: trust });
    await calls.call(root, 's3', 'CreateBucket', { Bucket: 'offline-store-b' });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a service assuming a role carries the global keys: a trust conditioned on aws:PrincipalIsAWSService admits it', async () => {
    const root = rootPrincipal(accountId, '');
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' }, StringEquals: { 'aws:PrincipalServiceName': 'sagemaker.amazonaws.com' } } }],
    });
    await server.state.internal.call(root, 'iam', 'CreateRole', { RoleName: 'conditioned', AssumeRolePolicyDocument: trust });
    const { principal } = await assumeRoleForService({ state: server.state, clock: server.state.clock }, { roleArn: `arn:aws:iam::${accountId}:role/conditioned`, serviceName: 'sagemaker.amazonaws.com', sessionName: 'SageMaker' });
    assert.equal(principal.arn, `arn:aws:sts::${accountId}:assumed-role/conditioned/SageMaker`);
  });

  it('authorizes as any request: the role may write only once its policy allows s3:PutObject', async () => {
    const { principal } = await assumeRoleForService({ state: server.state, clock: server.state.clock }, { roleArn: `arn:aws:iam::${accountId}:role/offline-writer`, serviceName: 'sagemaker.amazonaws.com', sessionName: 'SageMaker' });
    const put = () => server.state.internal.call(principal, 's3', 'PutObject', { Bucket: 'offline-store-b', Key: 'data/x.parquet', Body: Buffer.from('PAR1') });
    await assert.rejects(put(), (e: AwsError) => e.code === 'AccessDenied' && /s3:PutObject on resource: "arn:aws:s3:::offline-store-b\/data\/x.parquet" because no identity-based policy allows/.test(e.message));
    const root = rootPrincipal(accountId, '');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::offline-store-b/*' }] });
    await server.state.internal.call(root, 'iam', 'PutRolePolicy', { RoleName: 'offline-writer', PolicyName: 'write', PolicyDocument: policy });
    const out = await put();
    assert.equal(out['ETag'], `"${createHash('md5').update('PAR1').digest('hex')}"`);
  });
});
