import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { botocoreModelsEnv } from '../support/botocore-models.js';

type Creds = { accessKeyId: string; secretAccessKey: string };
/** What BOTO_ERR's err() returns for a refused call: [code, HTTP status, message]. */
type BotoError = [string, number, string | null];
const R = 'us-east-1';

/**
 * KMS (issue 16) driven by boto3 as a Python user drives it: a key of account A encrypts under an
 * encryption context and decrypts only with that context; data keys round-trip; aliases; a
 * disabled key and an unknown one fail with KMS's codes and messages; and an IAM user of account
 * B, allowed kms:Decrypt on A's key by its own policy, is refused until A's key policy lets B's
 * account in.
 */
describe('KMS with boto3: encryption, data keys, aliases, key states and a key shared across accounts', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  const boto = (keys: Creds, code: string) => JSON.parse(python(`
import base64, json, boto3, botocore
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1})
kms = boto3.client('kms', config=cfg)
iam = boto3.client('iam', config=cfg)
${BOTO_ERR}
b64 = lambda b: base64.b64encode(b).decode()
unb64 = base64.b64decode
out = {}
${code}
print(json.dumps(out, default=str))`, { ...clientEnv(server.url, keys), ...botocoreModelsEnv() })) as Record<string, unknown>;

  /** An IAM user of `account` with the identity policy given (if any), and its access key — made with boto3's IAM client. */
  const userIn = (account: AccountKeys, name: string, document?: object): Creds => {
    const out = boto(account, `
iam.create_user(UserName='${name}')
${document ? `iam.put_user_policy(UserName='${name}', PolicyName='p', PolicyDocument=${JSON.stringify(JSON.stringify(document))})` : ''}
k = iam.create_access_key(UserName='${name}')['AccessKey']
out['key'] = {'accessKeyId': k['AccessKeyId'], 'secretAccessKey': k['SecretAccessKey']}`);
    return out['key'] as Creds;
  };

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'kms-boto-a');
    b = createAccount(server.dataDir, 'kms-boto-b');
  });
  after(() => server.stop());

  it('in one account: encrypt with a context, decrypt, data keys, aliases, a disabled key and an unknown one', () => {
    const out = boto(a, `
key = kms.create_key(Description='boto3 key')['KeyMetadata']
out['key'] = [key['KeyId'], key['Arn'], key['KeyState'], key['KeySpec'], key['KeyUsage']]
ctx = {'purpose': 'offline-store', 'group': 'customers'}
enc = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'secret', EncryptionContext=ctx)
out['enc'] = [enc['KeyId'], enc['EncryptionAlgorithm'], type(enc['CiphertextBlob']).__name__]
dec = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext={'group': 'customers', 'purpose': 'offline-store'})
out['dec'] = [dec['Plaintext'].decode(), dec['KeyId'], dec['EncryptionAlgorithm']]
out['wrongContext'] = err(lambda: kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext={'purpose': 'other'}))
out['noContext'] = err(lambda: kms.decrypt(CiphertextBlob=enc['CiphertextBlob']))
dk = kms.generate_data_key(KeyId=key['Arn'], KeySpec='AES_256', EncryptionContext={'use': 'dk'})
out['dk'] = [len(dk['Plaintext']), dk['KeyId']]
out['dkRoundTrip'] = kms.decrypt(CiphertextBlob=dk['CiphertextBlob'], EncryptionContext={'use': 'dk'})['Plaintext'] == dk['Plaintext']
kms.create_alias(AliasName='alias/boto-key', TargetKeyId=key['KeyId'])
out['aliases'] = [[x['AliasName'], x['AliasArn'], x.get('TargetKeyId')] for x in kms.list_aliases()['Aliases']]
out['byKey'] = [x['AliasName'] for x in kms.list_aliases(KeyId=key['KeyId'])['Aliases']]
out['viaAlias'] = kms.decrypt(CiphertextBlob=kms.encrypt(KeyId='alias/boto-key', Plaintext=b'by alias')['CiphertextBlob'])['Plaintext'].decode()
out['aliasAgain'] = err(lambda: kms.create_alias(AliasName='alias/boto-key', TargetKeyId=key['KeyId']))
kms.disable_key(KeyId=key['KeyId'])
out['disabledState'] = kms.describe_key(KeyId='alias/boto-key')['KeyMetadata']['KeyState']
out['disabled'] = err(lambda: kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x'))
out['disabledDecrypt'] = err(lambda: kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext=ctx))
kms.enable_key(KeyId=key['KeyId'])
out['enabledAgain'] = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext=ctx)['Plaintext'].decode()
out['unknown'] = err(lambda: kms.describe_key(KeyId='00000000-0000-4000-8000-000000000000'))
out['unknownEncrypt'] = err(lambda: kms.encrypt(KeyId='00000000-0000-4000-8000-000000000000', Plaintext=b'x'))
out['badId'] = err(lambda: kms.describe_key(KeyId='not-a-key'))`);
    const [keyId, arn, state, spec, usage] = out['key'] as string[];
    assert.match(keyId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(arn, `arn:aws:kms:${R}:${a.accountId}:key/${keyId}`);
    assert.deepEqual([state, spec, usage], ['Enabled', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT']);
    assert.deepEqual(out['enc'], [arn, 'SYMMETRIC_DEFAULT', 'bytes']);
    assert.deepEqual(out['dec'], ['secret', arn, 'SYMMETRIC_DEFAULT']);
    // KMS sends InvalidCiphertextException without a message; botocore then reports ''.
    assert.deepEqual(out['wrongContext'], ['InvalidCiphertextException', 400, ''] satisfies BotoError);
    assert.deepEqual(out['noContext'], ['InvalidCiphertextException', 400, ''] satisfies BotoError);
    assert.deepEqual(out['dk'], [32, arn]);
    assert.equal(out['dkRoundTrip'], true);
    assert.deepEqual(out['aliases'], [['alias/boto-key', `arn:aws:kms:${R}:${a.accountId}:alias/boto-key`, keyId]]);
    assert.deepEqual(out['byKey'], ['alias/boto-key']);
    assert.equal(out['viaAlias'], 'by alias');
    assert.deepEqual(out['aliasAgain'], ['AlreadyExistsException', 400, `An alias with the name arn:aws:kms:${R}:${a.accountId}:alias/boto-key already exists`] satisfies BotoError);
    assert.equal(out['disabledState'], 'Disabled');
    assert.deepEqual(out['disabled'], ['DisabledException', 400, `${arn} is disabled.`] satisfies BotoError);
    assert.deepEqual(out['disabledDecrypt'], ['DisabledException', 400, `${arn} is disabled.`] satisfies BotoError);
    assert.equal(out['enabledAgain'], 'secret');
    const unknown = `arn:aws:kms:${R}:${a.accountId}:key/00000000-0000-4000-8000-000000000000`;
    assert.deepEqual(out['unknown'], ['NotFoundException', 400, `Key '${unknown}' does not exist`] satisfies BotoError);
    assert.deepEqual(out['unknownEncrypt'], ['NotFoundException', 400, `Key '${unknown}' does not exist`] satisfies BotoError);
    assert.deepEqual(out['badId'], ['NotFoundException', 400, "Invalid keyId 'not-a-key'"] satisfies BotoError);
  });

  it('across accounts: B’s user, allowed kms:Decrypt on A’s key by its own policy, is refused until A’s key policy lets B in', () => {
    const made = boto(a, `
key = kms.create_key(Description='shared with B')['KeyMetadata']
out['arn'] = key['Arn']
out['blob'] = b64(kms.encrypt(KeyId=key['KeyId'], Plaintext=b'for b', EncryptionContext={'purpose': 'features'})['CiphertextBlob'])`);
    const arn = made['arn'] as string;
    const blob = made['blob'] as string;
    const consumer = userIn(b, 'consumer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: arn }] });
    const decrypt = `kms.decrypt(CiphertextBlob=unb64('${blob}'), EncryptionContext={'purpose': 'features'})`;
    const denial = (reason: string) => ['AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/consumer is not authorized to perform: kms:Decrypt on resource: ${arn} because no ${reason}-based policy allows the kms:Decrypt action`] satisfies BotoError;

    // A's default key policy (key-default-1) trusts only A's own IAM policies.
    assert.deepEqual(boto(consumer, `out['refused'] = err(lambda: ${decrypt})`)['refused'], denial('resource'));

    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'b-decrypts', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const put = boto(a, `
kms.put_key_policy(KeyId='${arn}', PolicyName='default', Policy=${JSON.stringify(JSON.stringify(keyPolicy))})
out['policy'] = json.loads(kms.get_key_policy(KeyId='${arn}', PolicyName='default')['Policy'])`);
    assert.deepEqual(put['policy'], keyPolicy);

    const allowed = boto(consumer, `
dec = ${decrypt}
out['dec'] = [dec['Plaintext'].decode(), dec['KeyId']]
out['wrongContext'] = err(lambda: kms.decrypt(CiphertextBlob=unb64('${blob}'), EncryptionContext={'purpose': 'other'}))
out['encrypt'] = err(lambda: kms.encrypt(KeyId='${arn}', Plaintext=b'x'))
out['disable'] = err(lambda: kms.disable_key(KeyId='${arn}'))`);
    assert.deepEqual(allowed['dec'], ['for b', arn]);
    assert.deepEqual(allowed['wrongContext'], ['InvalidCiphertextException', 400, ''] satisfies BotoError);
    // Neither policy allows kms:Encrypt: the refusal names B's IAM policy.
    assert.deepEqual(allowed['encrypt'], ['AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/consumer is not authorized to perform: kms:Encrypt on resource: ${arn} because no identity-based policy allows the kms:Encrypt action`] satisfies BotoError);
    assert.deepEqual(allowed['disable'], ['NotFoundException', 400, `Key '${arn}' does not exist`] satisfies BotoError);

    // B's account root is trusted by the key policy, but a user B's IAM policy does not allow is still refused.
    const unpoliced = userIn(b, 'unpoliced');
    const refused = boto(unpoliced, `out['e'] = err(lambda: ${decrypt})`)['e'] as BotoError;
    assert.deepEqual(refused, ['AccessDeniedException', 400,
      `User: arn:aws:iam::${b.accountId}:user/unpoliced is not authorized to perform: kms:Decrypt on resource: ${arn} because no identity-based policy allows the kms:Decrypt action`]);
  });
});
