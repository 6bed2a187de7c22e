import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, clientEnv, createAccount, python, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { adminUser, iamClient, trustPolicy, userWith } from './iam-helpers.js';
import { botocoreModelsEnv } from '../support/botocore-models.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
/** [code, HTTP status, message, request id] of a refused boto3 call. */
type BotoError = [string, number, string, string];
const R = 'us-east-1';
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';

/**
 * KMS grants driven by boto3 and the AWS CLI: a role of another account decrypts only with a
 * grant and its own IAM permission, within the grant's constraint; its retiring principal
 * retires it and the key's administrator revokes another, after which neither allows; a named
 * grant made twice is one; listings page; KMS's refusals; the key policy lockout safety check
 * with and without the bypass; and a refusal explained by `sagelite explain`.
 */
describe('KMS grants with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let dir: string;
  const env = (k: Creds): NodeJS.ProcessEnv => ({ ...clientEnv(server.url, k), ...(k.sessionToken ? { AWS_SESSION_TOKEN: k.sessionToken } : {}), ...botocoreModelsEnv() });
  const boto = (k: Creds, code: string) => JSON.parse(python(`
import base64, json, boto3, botocore
from botocore.config import Config
kms = boto3.client('kms', config=Config(retries={'max_attempts': 1}))
def err(fn):
    try:
        fn()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error'].get('Code'), e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Message'), e.response['ResponseMetadata'].get('RequestId')]
b64 = lambda b: base64.b64encode(b).decode()
unb64 = base64.b64decode
out = {}
${code}
print(json.dumps(out, default=str))`, env(k))) as Record<string, unknown>;
  /** Runs `aws … --output json` as `k`; the test fails if it exits non-zero. */
  const cli = <T>(k: Creds, args: string[]): T => {
    const r = awsCli([...args, '--output', 'json'], env(k));
    assert.equal(r.status, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return (r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout)) as T;
  };
  const cliFails = (k: Creds, args: string[]): string => {
    const r = awsCli(args, env(k));
    assert.notEqual(r.status, 0, `aws ${args.join(' ')} should fail`);
    return r.stderr;
  };
  const explain = (requestId: string) => sagelite(['explain', requestId, '--endpoint', server.url, '--data-dir', server.dataDir]);

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'grants-py-a');
    b = createAccount(server.dataDir, 'grants-py-b');
    dir = mkdtempSync(join(tmpdir(), 'sagelite-kms-grants-cli-'));
    writeFileSync(join(dir, 'x.bin'), 'x');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('boto3: B’s role decrypts A’s ciphertext with a grant and its IAM permission; constraint, retire, revoke, idempotent name, paging, refusals, explain', async () => {
    const made = boto(a, `
key = kms.create_key(Description='granted')['KeyMetadata']
out['arn'] = key['Arn']
out['blob'] = b64(kms.encrypt(KeyId=key['KeyId'], Plaintext=b'for b', EncryptionContext={'purpose': 'features'})['CiphertextBlob'])`);
    const arn = made['arn'] as string;
    const blob = made['blob'] as string;
    // B's role, allowed kms:Decrypt on A's key by its own policy, assumed by B's administrator.
    const iamB = iamClient(server.url, b);
    const role = (await iamB.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trustPolicy({ AWS: `arn:aws:iam::${b.accountId}:root` }) }))).Role!;
    await iamB.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ListRetirableGrants'], Resource: '*' }) }));
    const adminB = await adminUser(server.url, b);
    const c = (await new STSClient({ endpoint: server.url, region: R, credentials: adminB, maxAttempts: 1 }).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'py' }))).Credentials!;
    const reader: Creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const decrypt = (purpose = 'features') => `kms.decrypt(CiphertextBlob=unb64('${blob}'), EncryptionContext={'purpose': '${purpose}'})`;

    const refused = boto(reader, `out['e'] = err(lambda: ${decrypt()})`)['e'] as BotoError;
    assert.deepEqual(refused.slice(0, 3), ['AccessDeniedException', 400,
      `User: arn:aws:sts::${b.accountId}:assumed-role/reader/py is not authorized to perform: kms:Decrypt on resource: ${arn} because no resource-based policy allows the kms:Decrypt action`]);
    const explained = explain(refused[3]);
    assert.match(explained, new RegExp(`key policy of ${arn}`));
    assert.match(explained, new RegExp(`grants on ${arn} naming the caller`));

    const granted = boto(a, `
g = kms.create_grant(KeyId='${arn}', GranteePrincipal='${role.Arn}', RetiringPrincipal='${role.Arn}', Operations=['Decrypt'],
                     Constraints={'EncryptionContextEquals': {'purpose': 'features'}}, Name='reader-grant')
again = kms.create_grant(KeyId='${arn}', GranteePrincipal='${role.Arn}', RetiringPrincipal='${role.Arn}', Operations=['Decrypt'],
                         Constraints={'EncryptionContextEquals': {'purpose': 'features'}}, Name='reader-grant')
out['ids'] = [g['GrantId'], again['GrantId']]
out['tokens'] = [g['GrantToken'], again['GrantToken']]
kms.create_grant(KeyId='${arn}', GranteePrincipal='arn:aws:iam::${a.accountId}:root', Operations=['Encrypt'])
for i in range(3):
    kms.create_grant(KeyId='${arn}', GranteePrincipal='arn:aws:iam::${a.accountId}:root', Operations=['Encrypt'], Name='n%d' % i)
pages = kms.get_paginator('list_grants').paginate(KeyId='${arn}', PaginationConfig={'PageSize': 2})
out['pages'] = [[g['Name'] if 'Name' in g else None for g in p['Grants']] for p in pages]
first = kms.list_grants(KeyId='${arn}', Limit=2)
out['first'] = [first['Truncated'], 'NextMarker' in first]
out['sign'] = err(lambda: kms.create_grant(KeyId='${arn}', GranteePrincipal='${role.Arn}', Operations=['Sign']))
out['ghost'] = err(lambda: kms.create_grant(KeyId='${arn}', GranteePrincipal='arn:aws:iam::${b.accountId}:user/ghost', Operations=['Decrypt']))
out['onlyCreate'] = err(lambda: kms.create_grant(KeyId='${arn}', GranteePrincipal='${role.Arn}', Operations=['CreateGrant']))
out['badToken'] = err(lambda: kms.retire_grant(GrantToken='garbage'))
out['badMarker'] = err(lambda: kms.list_grants(KeyId='${arn}', Marker='forged'))`);
    const [id, sameId] = granted['ids'] as string[];
    assert.match(id!, /^[0-9a-f]{64}$/);
    assert.equal(sameId, id, 'the same name and parameters: the same grant');
    assert.notEqual((granted['tokens'] as string[])[0], (granted['tokens'] as string[])[1]);
    assert.deepEqual(granted['pages'], [['reader-grant', null], ['n0', 'n1'], ['n2']]);
    assert.deepEqual(granted['first'], [true, true]);
    assert.deepEqual((granted['sign'] as BotoError).slice(0, 3), ['ValidationException', 400, 'Grant operations [Sign] are not valid for a symmetric encryption KMS key (KeySpec SYMMETRIC_DEFAULT).']);
    assert.deepEqual((granted['ghost'] as BotoError).slice(0, 3), ['InvalidArnException', 400, `ARN does not refer to a valid principal: arn:aws:iam::${b.accountId}:user/ghost`]);
    assert.deepEqual((granted['onlyCreate'] as BotoError).slice(0, 3), ['ValidationException', 400, 'Grants must not contain only the CreateGrant operation.']);
    assert.deepEqual((granted['badToken'] as BotoError).slice(0, 3), ['InvalidGrantTokenException', 400, 'The grant token is not valid.']);
    assert.deepEqual((granted['badMarker'] as BotoError).slice(0, 3), ['InvalidMarkerException', 400, 'The marker is not valid for this request.']);

    const used = boto(reader, `
d = ${decrypt()}
out['dec'] = [d['Plaintext'].decode(), d['KeyId']]
out['otherContext'] = err(lambda: kms.decrypt(CiphertextBlob=unb64('${blob}'), EncryptionContext={'purpose': 'features', 'extra': 'x'}))
out['retirable'] = [g['GrantId'] for g in kms.list_retirable_grants(RetiringPrincipal='${role.Arn}')['Grants']]
kms.retire_grant(KeyId='${arn}', GrantId='${id}')
out['afterRetire'] = err(lambda: ${decrypt()})`);
    assert.deepEqual(used['dec'], ['for b', arn]);
    // A context other than the constraint's: the grant does not allow (refused before decryption).
    const otherContext = used['otherContext'] as BotoError;
    assert.equal(otherContext[0], 'AccessDeniedException');
    assert.match(explain(otherContext[3]), /EncryptionContextEquals \{"purpose":"features"\} is not the request's encryption context/);
    assert.deepEqual(used['retirable'], [id]);
    assert.equal((used['afterRetire'] as BotoError)[0], 'AccessDeniedException');

    // A grant to B's account: B's role (its IAM policy allows) uses it until A's administrator revokes it.
    const revocable = boto(a, `out['id'] = kms.create_grant(KeyId='${arn}', GranteePrincipal='arn:aws:iam::${b.accountId}:root', Operations=['Decrypt'])['GrantId']`)['id'] as string;
    const viaAccount = boto(reader, `out['dec'] = ${decrypt()}['Plaintext'].decode()`);
    assert.equal(viaAccount['dec'], 'for b');
    boto(a, `kms.revoke_grant(KeyId='${arn}', GrantId='${revocable}')`);
    const revoked = boto(reader, `out['e'] = err(lambda: ${decrypt()})`)['e'] as BotoError;
    assert.deepEqual(revoked.slice(0, 3), refused.slice(0, 3), 'no grant allows any more');
  });

  it('AWS CLI: create-grant with a constraint, list-grants across pages, retire-grant by token, revoke-grant, and the lockout check with and without the bypass', async () => {
    const key = cli<{ KeyMetadata: { KeyId: string; Arn: string } }>(a, ['kms', 'create-key', '--description', 'cli grants']).KeyMetadata;
    const worker = await userWith(server.url, a, 'cli-worker');
    const workerArn = `arn:aws:iam::${a.accountId}:user/cli-worker`;
    const grant = cli<{ GrantId: string; GrantToken: string }>(a, ['kms', 'create-grant', '--key-id', key.KeyId, '--grantee-principal', workerArn,
      '--operations', 'Encrypt', 'Decrypt', '--constraints', 'EncryptionContextSubset={stage=cli}', '--retiring-principal', workerArn]);
    for (let i = 0; i < 3; i++) cli(a, ['kms', 'create-grant', '--key-id', key.KeyId, '--grantee-principal', `arn:aws:iam::${b.accountId}:root`, '--operations', 'DescribeKey', '--name', `cli-${i}`]);
    const all = cli<{ Grants: Array<{ GrantId: string; Constraints?: unknown }> }>(a, ['kms', 'list-grants', '--key-id', key.KeyId, '--page-size', '2']);
    assert.equal(all.Grants.length, 4, 'the CLI followed NextMarker across two pages');
    assert.deepEqual(all.Grants[0], { ...all.Grants[0], GrantId: grant.GrantId, Constraints: { EncryptionContextSubset: { stage: 'cli' } } });

    const enc = cli<{ CiphertextBlob: string }>(worker, ['kms', 'encrypt', '--key-id', key.Arn, '--plaintext', `fileb://${join(dir, 'x.bin')}`, '--encryption-context', 'stage=cli,team=ml']);
    assert.ok(enc.CiphertextBlob);
    assert.match(cliFails(worker, ['kms', 'encrypt', '--key-id', key.Arn, '--plaintext', `fileb://${join(dir, 'x.bin')}`, '--encryption-context', 'stage=prod']),
      /\(AccessDeniedException\) when calling the Encrypt operation: User: .*cli-worker is not authorized to perform: kms:Encrypt/);
    // The retiring principal retires by token; the grant no longer allows.
    cli(worker, ['kms', 'retire-grant', '--grant-token', grant.GrantToken]);
    assert.match(cliFails(worker, ['kms', 'encrypt', '--key-id', key.Arn, '--plaintext', `fileb://${join(dir, 'x.bin')}`, '--encryption-context', 'stage=cli']), /AccessDeniedException/);
    cli(a, ['kms', 'revoke-grant', '--key-id', key.KeyId, '--grant-id', all.Grants[1]!.GrantId]);
    assert.equal(cli<{ Grants: unknown[] }>(a, ['kms', 'list-grants', '--key-id', key.KeyId]).Grants.length, 2);
    assert.match(cliFails(a, ['kms', 'revoke-grant', '--key-id', key.KeyId, '--grant-id', all.Grants[1]!.GrantId]), /\(InvalidGrantIdException\) when calling the RevokeGrant operation/);
    assert.match(cliFails(a, ['kms', 'create-grant', '--key-id', key.KeyId, '--grantee-principal', workerArn, '--operations', 'Verify']), /\(ValidationException\) when calling the CreateGrant operation: Grant operations \[Verify\]/);

    const onlyWorker = policy({ Effect: 'Allow', Principal: { AWS: workerArn }, Action: 'kms:*', Resource: '*' });
    assert.match(cliFails(a, ['kms', 'put-key-policy', '--key-id', key.KeyId, '--policy-name', 'default', '--policy', onlyWorker]),
      new RegExp(`\\(MalformedPolicyDocumentException\\) when calling the PutKeyPolicy operation: ${LOCKOUT.replace(/\./g, '\\.')}`));
    assert.match(cliFails(a, ['kms', 'create-key', '--policy', onlyWorker]), /\(MalformedPolicyDocumentException\) when calling the CreateKey operation: The new key policy will not allow/);
    cli(a, ['kms', 'put-key-policy', '--key-id', key.KeyId, '--policy-name', 'default', '--policy', onlyWorker, '--bypass-policy-lockout-safety-check']);
    assert.deepEqual(JSON.parse(cli<{ Policy: string }>(worker, ['kms', 'get-key-policy', '--key-id', key.KeyId, '--policy-name', 'default']).Policy), JSON.parse(onlyWorker));
    assert.match(cliFails(a, ['kms', 'describe-key', '--key-id', key.KeyId]), /\(AccessDeniedException\) when calling the DescribeKey operation: .*because no resource-based policy allows the kms:DescribeKey action/);
  });
});
