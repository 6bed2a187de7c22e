import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, clientEnv, createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { botoS3 as boto, failed, ok } from './s3-boto3-helpers.js';

describe('S3 buckets with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let dir: string;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
    dir = mkdtempSync(join(tmpdir(), 'sagelite-s3-cli-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('boto3: every bucket operation, with S3’s codes, statuses and messages', () => {
    const out = boto(
      `
B = 'boto-bucket'
run('create', lambda: s3.create_bucket(Bucket=B))
run('create_bad', lambda: s3.create_bucket(Bucket='Not_Valid'))
run('head', lambda: s3.head_bucket(Bucket=B))
run('head_missing', lambda: s3.head_bucket(Bucket='boto-missing'))
run('list', lambda: s3.list_buckets())
run('location', lambda: s3.get_bucket_location(Bucket=B))
run('acl', lambda: s3.get_bucket_acl(Bucket=B))
run('acl_enforced', lambda: s3.put_bucket_acl(Bucket=B, ACL='public-read'))
run('ownership', lambda: s3.get_bucket_ownership_controls(Bucket=B))
run('pab', lambda: s3.get_public_access_block(Bucket=B))
run('policy_missing', lambda: s3.get_bucket_policy(Bucket=B))
pol = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '${b.accountId}'}, 'Action': 's3:ListBucket', 'Resource': 'arn:aws:s3:::' + B}]})
run('put_policy', lambda: s3.put_bucket_policy(Bucket=B, Policy=pol))
run('get_policy', lambda: s3.get_bucket_policy(Bucket=B))
run('status', lambda: s3.get_bucket_policy_status(Bucket=B))
run('bad_principal', lambda: s3.put_bucket_policy(Bucket=B, Policy=pol.replace('"${b.accountId}"', '"arn:aws:iam::${b.accountId}:user/nobody"')))
run('bad_resource', lambda: s3.put_bucket_policy(Bucket=B, Policy=pol.replace('arn:aws:s3:::' + B, 'arn:aws:s3:::elsewhere')))
run('public', lambda: s3.put_bucket_policy(Bucket=B, Policy=pol.replace('{"AWS": "${b.accountId}"}', '"*"')))
run('del_policy', lambda: s3.delete_bucket_policy(Bucket=B))
run('tag', lambda: s3.put_bucket_tagging(Bucket=B, Tagging={'TagSet': [{'Key': 'k', 'Value': 'v'}]}))
run('tags', lambda: s3.get_bucket_tagging(Bucket=B))
run('untag', lambda: s3.delete_bucket_tagging(Bucket=B))
run('tags_gone', lambda: s3.get_bucket_tagging(Bucket=B))
run('own_writer', lambda: s3.put_bucket_ownership_controls(Bucket=B, OwnershipControls={'Rules': [{'ObjectOwnership': 'ObjectWriter'}]}))
run('grant', lambda: s3.put_bucket_acl(Bucket=B, GrantRead='id="${b.canonicalUserId}"', GrantFullControl='id="${a.canonicalUserId}"'))
run('acl_granted', lambda: s3.get_bucket_acl(Bucket=B))
run('own_enforce', lambda: s3.put_bucket_ownership_controls(Bucket=B, OwnershipControls={'Rules': [{'ObjectOwnership': 'BucketOwnerEnforced'}]}))
run('own_delete', lambda: s3.delete_bucket_ownership_controls(Bucket=B))
run('own_gone', lambda: s3.get_bucket_ownership_controls(Bucket=B))
run('pab_put', lambda: s3.put_public_access_block(Bucket=B, PublicAccessBlockConfiguration={'BlockPublicPolicy': False, 'RestrictPublicBuckets': False}))
run('pab_partial', lambda: s3.get_public_access_block(Bucket=B))
run('pab_delete', lambda: s3.delete_public_access_block(Bucket=B))
run('pab_gone', lambda: s3.get_public_access_block(Bucket=B))
run('versioning', lambda: s3.get_bucket_versioning(Bucket=B))
run('wrong_owner', lambda: s3.get_bucket_tagging(Bucket=B, ExpectedBucketOwner='${b.accountId}'))
run('delete', lambda: s3.delete_bucket(Bucket=B))
run('delete_again', lambda: s3.delete_bucket(Bucket=B))
`,
      clientEnv(server.url, a),
    );
    ok(out['create']);
    failed(out['create_bad'], 'InvalidBucketName', 400, 'The specified bucket is not valid.');
    assert.equal((ok(out['head']) as { BucketRegion: string }).BucketRegion, 'us-east-1');
    failed(out['head_missing'], '404', 404);
    const list = ok(out['list']) as { Owner: { ID: string }; Buckets: Array<{ Name: string }> };
    assert.equal(list.Owner.ID, a.canonicalUserId);
    assert.deepEqual(list.Buckets.map((x) => x.Name), ['boto-bucket']);
    assert.ok(!(ok(out['location']) as { LocationConstraint?: string }).LocationConstraint);
    assert.deepEqual((ok(out['acl']) as { Grants: Array<{ Permission: string }> }).Grants.map((g) => g.Permission), ['FULL_CONTROL']);
    failed(out['acl_enforced'], 'AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
    assert.deepEqual(ok(out['ownership']), { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    assert.deepEqual(ok(out['pab']), { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    failed(out['policy_missing'], 'NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
    ok(out['put_policy']);
    assert.match((ok(out['get_policy']) as { Policy: string }).Policy, /s3:ListBucket/);
    assert.deepEqual(ok(out['status']), { PolicyStatus: { IsPublic: false } });
    failed(out['bad_principal'], 'MalformedPolicy', 400, 'Invalid principal in policy');
    failed(out['bad_resource'], 'MalformedPolicy', 400, 'Policy has invalid resource');
    failed(out['public'], 'AccessDenied', 403);
    ok(out['del_policy']);
    ok(out['tag']);
    assert.deepEqual(ok(out['tags']), { TagSet: [{ Key: 'k', Value: 'v' }] });
    ok(out['untag']);
    failed(out['tags_gone'], 'NoSuchTagSet', 404, 'The TagSet does not exist');
    ok(out['own_writer']);
    ok(out['grant']);
    assert.equal((ok(out['acl_granted']) as { Grants: unknown[] }).Grants.length, 2);
    failed(out['own_enforce'], 'InvalidBucketAclWithObjectOwnership', 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
    ok(out['own_delete']);
    failed(out['own_gone'], 'OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found');
    ok(out['pab_put']);
    assert.deepEqual(ok(out['pab_partial']), { PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    ok(out['pab_delete']);
    failed(out['pab_gone'], 'NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
    assert.equal((ok(out['versioning']) as { Status?: string }).Status, undefined);
    failed(out['wrong_owner'], 'AccessDenied', 403, 'Access Denied');
    ok(out['delete']);
    failed(out['delete_again'], 'NoSuchBucket', 404, 'The specified bucket does not exist');
  });

  it('boto3: BucketAlreadyExists across accounts, BucketAlreadyOwnedByYou outside us-east-1', () => {
    ok(boto(`run('mine', lambda: s3.create_bucket(Bucket='taken-name'))`, clientEnv(server.url, a))['mine']);
    const other = boto(`run('theirs', lambda: s3.create_bucket(Bucket='taken-name'))`, clientEnv(server.url, b));
    failed(other['theirs'], 'BucketAlreadyExists', 409);
    const eu = boto(
      `
s3 = boto3.client('s3', region_name='eu-west-1', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
run('first', lambda: s3.create_bucket(Bucket='taken-eu', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'}))
run('again', lambda: s3.create_bucket(Bucket='taken-eu', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'}))
run('head', lambda: s3.head_bucket(Bucket='taken-eu'))
`,
      clientEnv(server.url, a),
    );
    ok(eu['first']);
    failed(eu['again'], 'BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.');
    assert.equal((ok(eu['head']) as { BucketRegion: string }).BucketRegion, 'eu-west-1');
  });

  it('AWS CLI: s3 mb / ls / rb and s3api bucket policy, public access block and ACL commands', () => {
    const env = clientEnv(server.url, a);
    const mb = awsCli(['s3', 'mb', 's3://cli-bucket'], env);
    assert.equal(mb.status, 0, mb.stderr);
    assert.match(mb.stdout, /make_bucket: cli-bucket/);
    const ls = awsCli(['s3', 'ls'], env);
    assert.equal(ls.status, 0, ls.stderr);
    assert.match(ls.stdout, /cli-bucket/);

    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::cli-bucket' }] }));
    const put = awsCli(['s3api', 'put-bucket-policy', '--bucket', 'cli-bucket', '--policy', `file://${file}`], env);
    assert.equal(put.status, 0, put.stderr);
    const got = awsCli(['s3api', 'get-bucket-policy', '--bucket', 'cli-bucket', '--query', 'Policy', '--output', 'text'], env);
    assert.equal(got.status, 0, got.stderr);
    assert.equal(JSON.parse(got.stdout).Statement[0].Action, 's3:GetBucketAcl');

    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}/Exec` }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::cli-bucket' }] }));
    const bad = awsCli(['s3api', 'put-bucket-policy', '--bucket', 'cli-bucket', '--policy', `file://${file}`], env);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /An error occurred \(MalformedPolicy\) when calling the PutBucketPolicy operation: Invalid principal in policy/);

    const pab = awsCli(['s3api', 'put-public-access-block', '--bucket', 'cli-bucket', '--public-access-block-configuration', 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false'], env);
    assert.equal(pab.status, 0, pab.stderr);
    const pabGot = awsCli(['s3api', 'get-public-access-block', '--bucket', 'cli-bucket'], env);
    assert.deepEqual(JSON.parse(pabGot.stdout).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });

    const acl = awsCli(['s3api', 'get-bucket-acl', '--bucket', 'cli-bucket'], env);
    assert.equal(acl.status, 0, acl.stderr);
    assert.equal(JSON.parse(acl.stdout).Owner.ID, a.canonicalUserId);
    const refused = awsCli(['s3api', 'put-bucket-acl', '--bucket', 'cli-bucket', '--acl', 'public-read'], env);
    assert.match(refused.stderr, /\(AccessControlListNotSupported\) when calling the PutBucketAcl operation: The bucket does not allow ACLs/);

    const head = awsCli(['s3api', 'head-bucket', '--bucket', 'cli-bucket'], env);
    assert.equal(head.status, 0, head.stderr);
    assert.equal(JSON.parse(head.stdout).BucketRegion, 'us-east-1');
    const tags = awsCli(['s3api', 'put-bucket-tagging', '--bucket', 'cli-bucket', '--tagging', 'TagSet=[{Key=team,Value=ml}]'], env);
    assert.equal(tags.status, 0, tags.stderr);
    assert.deepEqual(JSON.parse(awsCli(['s3api', 'get-bucket-tagging', '--bucket', 'cli-bucket'], env).stdout), { TagSet: [{ Key: 'team', Value: 'ml' }] });

    const rb = awsCli(['s3', 'rb', 's3://cli-bucket'], env);
    assert.equal(rb.status, 0, rb.stderr);
    const missing = awsCli(['s3api', 'get-bucket-acl', '--bucket', 'cli-bucket'], env);
    assert.match(missing.stderr, /\(NoSuchBucket\) when calling the GetBucketAcl operation: The specified bucket does not exist/);
  });

  it('AWS CLI: get-bucket-location names a non-us-east-1 region', () => {
    const env = clientEnv(server.url, a);
    const made = awsCli(['s3api', 'create-bucket', '--bucket', 'cli-eu', '--create-bucket-configuration', 'LocationConstraint=eu-west-1'], env);
    assert.equal(made.status, 0, made.stderr);
    const loc = awsCli(['s3api', 'get-bucket-location', '--bucket', 'cli-eu'], env);
    assert.equal(JSON.parse(loc.stdout).LocationConstraint, 'eu-west-1');
  });

  it('AWS CLI: put-bucket-acl with an AccessControlPolicy document, and Grantee Type shown', () => {
    const env = clientEnv(server.url, a);
    assert.equal(awsCli(['s3api', 'create-bucket', '--bucket', 'cli-acl', '--object-ownership', 'ObjectWriter'], env).status, 0);
    const policy = { Owner: { ID: a.canonicalUserId }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: a.canonicalUserId }, Permission: 'FULL_CONTROL' }, { Grantee: { Type: 'CanonicalUser', ID: b.canonicalUserId }, Permission: 'READ_ACP' }] };
    const put = awsCli(['s3api', 'put-bucket-acl', '--bucket', 'cli-acl', '--access-control-policy', JSON.stringify(policy)], env);
    assert.equal(put.status, 0, put.stderr);
    const got = JSON.parse(awsCli(['s3api', 'get-bucket-acl', '--bucket', 'cli-acl'], env).stdout) as { Grants: Array<{ Grantee: { Type: string; ID: string }; Permission: string }> };
    assert.deepEqual(got.Grants.map((g) => [g.Grantee.Type, g.Grantee.ID, g.Permission]), policy.Grants.map((g) => [g.Grantee.Type, g.Grantee.ID, g.Permission]));
  });
});
