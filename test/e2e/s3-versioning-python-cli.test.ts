import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, clientEnv, createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, userWith } from './iam-helpers.js';
import { botoS3 as boto, failed, ok } from './s3-boto3-helpers.js';

const VERSION_ID = /^[A-Za-z0-9._]{32}$/;
const PROTECTED = 'Access Denied because object protected by object lock.';

/** Snippet helpers: `read(**kw)` is a GetObject's body and version id; `entries(page)` a listing's versions and markers as [key, id, latest, marker?]. */
const READS = `
def read(**kw):
    r = s3.get_object(**kw)
    return {'Body': r['Body'].read().decode(), 'VersionId': r.get('VersionId')}
def entries(page):
    return [[v['Key'], v['VersionId'], v['IsLatest'], False] for v in page.get('Versions', [])] + [[m['Key'], m['VersionId'], m['IsLatest'], True] for m in page.get('DeleteMarkers', [])]
`;

/** One entry of a listing as `entries` prints it: key, version id, IsLatest, and whether it is a delete marker. */
type Entry = [key: string, versionId: string, isLatest: boolean, isMarker: boolean];

/**
 * S3 versioning and Object Lock (issue 16) as boto3 and the AWS CLI use them: version ids on
 * writes and reads, delete markers and their headers, boto3's and the CLI's own pagination of
 * ListObjectVersions, DeleteObjects and CopyObject by version, suspended versioning, MFA delete
 * refused, retention, legal holds and the governance bypass.
 */
describe('S3 versioning and Object Lock with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'versions-python');
    env = clientEnv(server.url, a);
    dir = mkdtempSync(join(tmpdir(), 'sagelite-s3-versions-cli-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('boto3: versions read by id, a delete marker hides the key (NoSuchKey; HEAD 404 says so in its headers) until it is removed', () => {
    const out = boto(`${READS}
B = 'bv-life'
run('create', lambda: s3.create_bucket(Bucket=B))
run('never', lambda: s3.get_bucket_versioning(Bucket=B))
run('zero', lambda: s3.put_object(Bucket=B, Key='k', Body=b'zero'))
run('enable', lambda: s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Enabled'}))
run('enabled', lambda: s3.get_bucket_versioning(Bucket=B))
run('one', lambda: s3.put_object(Bucket=B, Key='k', Body=b'one'))
run('two', lambda: s3.put_object(Bucket=B, Key='k', Body=b'two'))
one, two = out['one']['ok']['VersionId'], out['two']['ok']['VersionId']
run('current', lambda: read(Bucket=B, Key='k'))
run('by_id', lambda: read(Bucket=B, Key='k', VersionId=one))
run('null', lambda: read(Bucket=B, Key='k', VersionId='null'))
run('head_one', lambda: s3.head_object(Bucket=B, Key='k', VersionId=one))
run('delete', lambda: s3.delete_object(Bucket=B, Key='k'))
marker = out['delete']['ok']['VersionId']
run('hidden', lambda: s3.get_object(Bucket=B, Key='k'))
run('head_hidden', lambda: s3.head_object(Bucket=B, Key='k'))
run('get_marker', lambda: s3.get_object(Bucket=B, Key='k', VersionId=marker))
run('head_marker', lambda: s3.head_object(Bucket=B, Key='k', VersionId=marker))
run('unknown', lambda: s3.get_object(Bucket=B, Key='k', VersionId='A' * 32))
run('malformed', lambda: s3.get_object(Bucket=B, Key='k', VersionId='not a version'))
run('listed', lambda: {'entries': entries(s3.list_object_versions(Bucket=B))})
run('unmark', lambda: s3.delete_object(Bucket=B, Key='k', VersionId=marker))
run('back', lambda: read(Bucket=B, Key='k'))
run('drop_two', lambda: s3.delete_object(Bucket=B, Key='k', VersionId=two))
run('previous', lambda: read(Bucket=B, Key='k'))
out['ids'] = [one, two, marker]
`, env);
    const [one, two, marker] = out['ids'] as unknown as [string, string, string];
    ok(out['create']);
    assert.deepEqual(ok(out['never']), {}, 'a bucket never versioned has no Status');
    assert.equal(ok(out['zero'])['VersionId'], undefined, 'a bucket never versioned sends no version id');
    ok(out['enable']);
    assert.deepEqual(ok(out['enabled']), { Status: 'Enabled' }, 'MFADelete is shown only for a bucket once configured with it');
    assert.match(one, VERSION_ID);
    assert.match(two, VERSION_ID);
    assert.notEqual(one, two);
    assert.deepEqual(ok(out['current']), { Body: 'two', VersionId: two });
    assert.deepEqual(ok(out['by_id']), { Body: 'one', VersionId: one });
    assert.deepEqual(ok(out['null']), { Body: 'zero', VersionId: 'null' }, 'the object from before versioning is the null version');
    assert.equal(ok(out['head_one'])['VersionId'], one);

    assert.deepEqual(ok(out['delete']), { DeleteMarker: true, VersionId: marker });
    assert.match(marker, VERSION_ID);
    const hidden = failed(out['hidden'], 'NoSuchKey', 404, 'The specified key does not exist.');
    const head = failed(out['head_hidden'], '404', 404, 'Not Found');
    for (const refused of [hidden, head]) {
      assert.deepEqual([refused.headers['x-amz-delete-marker'], refused.headers['x-amz-version-id']], ['true', marker], 'a hidden key says so in headers');
    }
    const getMarker = failed(out['get_marker'], 'MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
    const headMarker = failed(out['head_marker'], '405', 405, 'Method Not Allowed');
    for (const refused of [getMarker, headMarker]) {
      assert.deepEqual([refused.headers['x-amz-delete-marker'], refused.headers['x-amz-version-id']], ['true', marker], 'a marker read by id is named as one');
    }
    failed(out['unknown'], 'NoSuchVersion', 404, 'The specified version does not exist.');
    failed(out['malformed'], 'InvalidArgument', 400, 'Invalid version id specified');
    assert.deepEqual(ok(out['listed'])['entries'], [['k', two, false, false], ['k', one, false, false], ['k', 'null', false, false], ['k', marker, true, true]]);

    assert.deepEqual(ok(out['unmark']), { DeleteMarker: true, VersionId: marker }, 'removing a marker by id says it was one');
    assert.deepEqual(ok(out['back']), { Body: 'two', VersionId: two }, 'removing the marker brings the newest back');
    assert.deepEqual(ok(out['drop_two']), { VersionId: two });
    assert.deepEqual(ok(out['previous']), { Body: 'one', VersionId: one }, 'removing the current version makes the previous one current');
  });

  it('boto3: the list_object_versions paginator (PageSize 2) yields every version once, across the null version; delete_objects and copy_object by version', () => {
    const out = boto(`${READS}
B = 'bv-pages'
s3.create_bucket(Bucket=B)
ids = {'a': [s3.put_object(Bucket=B, Key='a', Body=b'a0').get('VersionId', 'null')]}
s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Enabled'})
for key, n in [('a', 3), ('b', 2), ('c', 1)]:
    for i in range(n):
        ids.setdefault(key, []).append(s3.put_object(Bucket=B, Key=key, Body=('%s%d' % (key, len(ids.get(key, [])))).encode())['VersionId'])
ids['c'].append(s3.delete_object(Bucket=B, Key='c')['VersionId'])
out['ids'] = ids
pages = []
for page in s3.get_paginator('list_object_versions').paginate(Bucket=B, PaginationConfig={'PageSize': 2}):
    pages.append({'entries': entries(page), 'truncated': page['IsTruncated'], 'next': [page.get('NextKeyMarker'), page.get('NextVersionIdMarker')]})
out['pages'] = pages
out['whole'] = entries(s3.list_object_versions(Bucket=B))

run('delete_many', lambda: s3.delete_objects(Bucket=B, Delete={'Objects': [{'Key': 'a', 'VersionId': ids['a'][3]}, {'Key': 'c', 'VersionId': ids['c'][1]}, {'Key': 'b'}]}))
run('a_now', lambda: read(Bucket=B, Key='a'))
run('c_back', lambda: read(Bucket=B, Key='c'))
run('b_hidden', lambda: s3.get_object(Bucket=B, Key='b'))
run('copy', lambda: s3.copy_object(Bucket=B, Key='a-copy', CopySource={'Bucket': B, 'Key': 'a', 'VersionId': ids['a'][1]}))
run('copied', lambda: read(Bucket=B, Key='a-copy'))
run('copy_null', lambda: s3.copy_object(Bucket=B, Key='a', CopySource={'Bucket': B, 'Key': 'a', 'VersionId': 'null'}))
run('restored', lambda: read(Bucket=B, Key='a'))
run('copy_marker', lambda: s3.copy_object(Bucket=B, Key='b-copy', CopySource={'Bucket': B, 'Key': 'b', 'VersionId': out['delete_many']['ok']['Deleted'][2].get('DeleteMarkerVersionId', '')}))
`, env);
    const ids = out['ids'] as unknown as Record<'a' | 'b' | 'c', string[]>;
    assert.equal(ids.a[0], 'null', 'put before versioning: the null version');
    // S3's order: key by key, newest first; c's newest is its delete marker.
    const expected: Entry[] = [
      ...[...ids.a].reverse().map((id, i): Entry => ['a', id, i === 0, false]),
      ...[...ids.b].reverse().map((id, i): Entry => ['b', id, i === 0, false]),
      ['c', ids.c[1]!, true, true],
      ['c', ids.c[0]!, false, false],
    ];
    const pages = out['pages'] as unknown as Array<{ entries: Entry[]; truncated: boolean; next: [string | null, string | null] }>;
    assert.deepEqual(pages.map((p) => p.entries.length), [2, 2, 2, 2]);
    assert.deepEqual(pages.map((p) => p.truncated), [true, true, true, false]);
    assert.deepEqual(pages[1]!.next, ['a', 'null'], 'a page that ends on the null version continues after it');
    const sortKey = (e: Entry) => expected.findIndex((x) => x[0] === e[0] && x[1] === e[1]);
    const paged = pages.flatMap((p) => p.entries).sort((x, y) => sortKey(x) - sortKey(y));
    assert.deepEqual(paged, expected, 'every version and marker once, with IsLatest');
    assert.deepEqual([...(out['whole'] as unknown as Entry[])].sort((x, y) => sortKey(x) - sortKey(y)), expected);

    const deleted = ok(out['delete_many'])['Deleted'] as Array<Record<string, unknown>>;
    assert.deepEqual(deleted.slice(0, 2), [
      { Key: 'a', VersionId: ids.a[3] },
      { Key: 'c', VersionId: ids.c[1], DeleteMarker: true, DeleteMarkerVersionId: ids.c[1] },
    ]);
    assert.deepEqual(Object.keys(deleted[2]!).sort(), ['DeleteMarker', 'DeleteMarkerVersionId', 'Key']);
    assert.equal(deleted[2]!['DeleteMarker'], true);
    assert.match(deleted[2]!['DeleteMarkerVersionId'] as string, VERSION_ID);
    assert.deepEqual(ok(out['a_now']), { Body: 'a2', VersionId: ids.a[2] });
    assert.deepEqual(ok(out['c_back']), { Body: 'c0', VersionId: ids.c[0] }, 'removing c’s marker brings its version back');
    failed(out['b_hidden'], 'NoSuchKey', 404, 'The specified key does not exist.');

    const copy = ok(out['copy']);
    assert.equal(copy['CopySourceVersionId'], ids.a[1]);
    assert.match(copy['VersionId'] as string, VERSION_ID);
    assert.deepEqual(ok(out['copied']), { Body: 'a1', VersionId: copy['VersionId'] });
    assert.equal(ok(out['copy_null'])['CopySourceVersionId'], 'null');
    assert.equal((ok(out['restored']) as { Body: string }).Body, 'a0', 'copying the null version over its key restores it');
    failed(out['copy_marker'], 'InvalidRequest', 400, 'The source of a copy request may not specifically refer to a delete marker by version id.');
  });

  it('boto3: suspended versioning writes and deletes the null version; MFA delete is refused', () => {
    const out = boto(`${READS}
B = 'bv-suspend'
s3.create_bucket(Bucket=B)
s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Enabled'})
kept = s3.put_object(Bucket=B, Key='k', Body=b'kept')['VersionId']
out['kept'] = kept
run('suspend', lambda: s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Suspended'}))
run('suspended', lambda: s3.get_bucket_versioning(Bucket=B))
run('n1', lambda: s3.put_object(Bucket=B, Key='k', Body=b'n1'))
run('n2', lambda: s3.put_object(Bucket=B, Key='k', Body=b'n2'))
run('listed', lambda: {'entries': entries(s3.list_object_versions(Bucket=B))})
run('null', lambda: read(Bucket=B, Key='k', VersionId='null'))
run('delete', lambda: s3.delete_object(Bucket=B, Key='k'))
run('after', lambda: {'entries': entries(s3.list_object_versions(Bucket=B))})
run('kept_read', lambda: read(Bucket=B, Key='k', VersionId=kept))

s3.create_bucket(Bucket='bv-mfa')
run('mfa', lambda: s3.put_bucket_versioning(Bucket='bv-mfa', MFA='arn:aws:iam::${a.accountId}:mfa/root 123456', VersioningConfiguration={'Status': 'Enabled', 'MFADelete': 'Enabled'}))
run('unchanged', lambda: s3.get_bucket_versioning(Bucket='bv-mfa'))
run('mfa_disabled', lambda: s3.put_bucket_versioning(Bucket='bv-mfa', VersioningConfiguration={'Status': 'Enabled', 'MFADelete': 'Disabled'}))
run('no_mfa_shown', lambda: s3.get_bucket_versioning(Bucket='bv-mfa'))
`, env);
    const kept = out['kept'] as unknown as string;
    ok(out['suspend']);
    assert.deepEqual(ok(out['suspended']), { Status: 'Suspended' });
    assert.equal(ok(out['n1'])['VersionId'], undefined, 'a write of the null version names no version id');
    assert.equal(ok(out['n2'])['VersionId'], undefined);
    assert.deepEqual(ok(out['listed'])['entries'], [['k', 'null', true, false], ['k', kept, false, false]], 'the null version was replaced, not added');
    assert.deepEqual(ok(out['null']), { Body: 'n2', VersionId: 'null' });
    assert.deepEqual(ok(out['delete']), { DeleteMarker: true, VersionId: 'null' });
    assert.deepEqual(ok(out['after'])['entries'], [['k', kept, false, false], ['k', 'null', true, true]], 'the null marker took the null version’s place');
    assert.deepEqual(ok(out['kept_read']), { Body: 'kept', VersionId: kept });
    failed(out['mfa'], 'AccessDenied', 403, 'Mfa Authentication must be used for this request');
    assert.deepEqual(ok(out['unchanged']), {}, 'nothing changed');
    ok(out['mfa_disabled']);
    assert.deepEqual(ok(out['no_mfa_shown']), { Status: 'Enabled' }, 'MFADelete is shown only for a bucket once configured with MFA delete');
  });

  it('boto3: Object Lock — default and per-object retention, legal hold, protected deletes, and the governance bypass', async () => {
    const deleter = await userWith(server.url, a, 'lock-deleter', allowPolicy('s3:DeleteObject', 's3:DeleteObjectVersion'));
    const out = boto(`${READS}
import datetime
B = 'bl-lock'
run('create', lambda: s3.create_bucket(Bucket=B, ObjectLockEnabledForBucket=True))
run('versioning', lambda: s3.get_bucket_versioning(Bucket=B))
run('config', lambda: s3.get_object_lock_configuration(Bucket=B))
run('suspend', lambda: s3.put_bucket_versioning(Bucket=B, VersioningConfiguration={'Status': 'Suspended'}))
run('put_config', lambda: s3.put_object_lock_configuration(Bucket=B, ObjectLockConfiguration={'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': 1}}}))
run('config_rule', lambda: s3.get_object_lock_configuration(Bucket=B))

now = datetime.datetime.now(datetime.timezone.utc)
out['day_from'] = str(now + datetime.timedelta(days=1))
run('gov', lambda: s3.put_object(Bucket=B, Key='gov', Body=b'g'))
out['day_to'] = str(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1))
gov = out['gov']['ok']['VersionId']
run('gov_retention', lambda: s3.get_object_retention(Bucket=B, Key='gov', VersionId=gov))

# Object Lock writes need a checksum or Content-MD5: boto3 sends a CRC32 of its own.
until = now.replace(microsecond=0) + datetime.timedelta(days=2)
out['until'] = str(until)
run('comp', lambda: s3.put_object(Bucket=B, Key='comp', Body=b'c', ObjectLockMode='COMPLIANCE', ObjectLockRetainUntilDate=until))
comp = out['comp']['ok']['VersionId']
run('comp_retention', lambda: s3.get_object_retention(Bucket=B, Key='comp'))
run('comp_head', lambda: s3.head_object(Bucket=B, Key='comp', VersionId=comp))
run('comp_delete', lambda: s3.delete_object(Bucket=B, Key='comp', VersionId=comp))
run('comp_bypass', lambda: s3.delete_object(Bucket=B, Key='comp', VersionId=comp, BypassGovernanceRetention=True))
run('comp_many', lambda: s3.delete_objects(Bucket=B, Delete={'Objects': [{'Key': 'comp', 'VersionId': comp}]}))
run('comp_marker', lambda: s3.delete_object(Bucket=B, Key='comp'))

run('held', lambda: s3.put_object(Bucket=B, Key='held', Body=b'h', ObjectLockLegalHoldStatus='ON'))
held = out['held']['ok']['VersionId']
run('hold_on', lambda: s3.get_object_legal_hold(Bucket=B, Key='held', VersionId=held))
run('held_bypass', lambda: s3.delete_object(Bucket=B, Key='held', VersionId=held, BypassGovernanceRetention=True))
run('release', lambda: s3.put_object_legal_hold(Bucket=B, Key='held', VersionId=held, LegalHold={'Status': 'OFF'}))
run('hold_off', lambda: s3.get_object_legal_hold(Bucket=B, Key='held', VersionId=held))
run('released_delete', lambda: s3.delete_object(Bucket=B, Key='held', VersionId=held, BypassGovernanceRetention=True))

run('gov_delete', lambda: s3.delete_object(Bucket=B, Key='gov', VersionId=gov))
plain = boto3.client('s3', aws_access_key_id='${deleter.accessKeyId}', aws_secret_access_key='${deleter.secretAccessKey}', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
run('gov_user_bypass', lambda: plain.delete_object(Bucket=B, Key='gov', VersionId=gov, BypassGovernanceRetention=True))
run('gov_bypass', lambda: s3.delete_object(Bucket=B, Key='gov', VersionId=gov, BypassGovernanceRetention=True))
run('gov_gone', lambda: s3.head_object(Bucket=B, Key='gov', VersionId=gov))
out['ids'] = {'gov': gov, 'comp': comp, 'held': held}
`, env);
    const ids = out['ids'] as unknown as Record<'gov' | 'comp' | 'held', string>;
    const until = out['until'] as unknown as string;
    ok(out['create']);
    assert.deepEqual(ok(out['versioning']), { Status: 'Enabled' }, 'Object Lock turns versioning on');
    assert.deepEqual(ok(out['config']), { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } });
    failed(out['suspend'], 'InvalidBucketState', 409, 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.');
    ok(out['put_config']);
    assert.deepEqual(ok(out['config_rule']), { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } } });

    const govRetention = ok(out['gov_retention'])['Retention'] as { Mode: string; RetainUntilDate: string };
    assert.equal(govRetention.Mode, 'GOVERNANCE', 'the bucket’s default applies');
    const day = (s: string) => new Date(s.replace(' ', 'T')).getTime();
    assert.ok(day(govRetention.RetainUntilDate) >= day(out['day_from'] as unknown as string) - 1 && day(govRetention.RetainUntilDate) <= day(out['day_to'] as unknown as string),
      `a day after the write: ${govRetention.RetainUntilDate}`);

    assert.match(ids.comp, VERSION_ID);
    assert.deepEqual(ok(out['comp_retention']), { Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until } });
    const head = ok(out['comp_head']);
    assert.deepEqual([head['ObjectLockMode'], head['ObjectLockRetainUntilDate'], head['ObjectLockLegalHoldStatus']], ['COMPLIANCE', until, undefined]);
    failed(out['comp_delete'], 'AccessDenied', 403, PROTECTED);
    failed(out['comp_bypass'], 'AccessDenied', 403, PROTECTED);
    assert.deepEqual(ok(out['comp_many']), { Errors: [{ Key: 'comp', VersionId: ids.comp, Code: 'AccessDenied', Message: PROTECTED }] });
    assert.equal(ok(out['comp_marker'])['DeleteMarker'], true, 'a delete marker hides a locked version without removing it');

    assert.deepEqual(ok(out['hold_on']), { LegalHold: { Status: 'ON' } });
    failed(out['held_bypass'], 'AccessDenied', 403, PROTECTED);
    ok(out['release']);
    assert.deepEqual(ok(out['hold_off']), { LegalHold: { Status: 'OFF' } });
    assert.deepEqual(ok(out['released_delete']), { VersionId: ids.held }, 'the default GOVERNANCE retention yields to the root’s bypass');

    failed(out['gov_delete'], 'AccessDenied', 403, PROTECTED);
    const refused = failed(out['gov_user_bypass'], 'AccessDenied', 403);
    const explained = sagelite(['explain', refused.headers['x-amz-request-id']!, '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explained, /s3:BypassGovernanceRetention/);
    assert.deepEqual(ok(out['gov_bypass']), { VersionId: ids.gov });
    failed(out['gov_gone'], '404', 404, 'Not Found');
  });

  it('AWS CLI: versioning, versions listed with --page-size 1, read and deleted by --version-id, retention, and S3’s errors', () => {
    const cli = (...args: string[]) => {
      const r = awsCli(['s3api', ...args], env);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
    };
    cli('create-bucket', '--bucket', 'cli-versions');
    cli('put-bucket-versioning', '--bucket', 'cli-versions', '--versioning-configuration', 'Status=Enabled');
    assert.deepEqual(cli('get-bucket-versioning', '--bucket', 'cli-versions'), { Status: 'Enabled' });
    const ids: string[] = [];
    for (const body of ['first', 'second', 'third']) {
      writeFileSync(join(dir, body), body);
      const put = cli('put-object', '--bucket', 'cli-versions', '--key', 'k', '--body', join(dir, body));
      assert.match(put['VersionId'] as string, VERSION_ID);
      ids.push(put['VersionId'] as string);
    }
    const listed = (...extra: string[]) => (cli('list-object-versions', '--bucket', 'cli-versions', ...extra)['Versions'] as Array<{ VersionId: string; IsLatest: boolean; Size: number }>)
      .map((v) => [v.VersionId, v.IsLatest, v.Size]);
    assert.deepEqual(listed(), [[ids[2], true, 5], [ids[1], false, 6], [ids[0], false, 5]]);
    assert.deepEqual(listed('--page-size', '1'), listed(), 'the CLI follows the markers page by page to the end');

    const target = join(dir, 'got');
    const got = cli('get-object', '--bucket', 'cli-versions', '--key', 'k', '--version-id', ids[0]!, target);
    assert.deepEqual([got['VersionId'], got['ContentLength'], readFileSync(target, 'utf8')], [ids[0], 5, 'first']);
    assert.deepEqual(cli('delete-object', '--bucket', 'cli-versions', '--key', 'k', '--version-id', ids[1]!), { VersionId: ids[1] });
    assert.deepEqual(listed('--page-size', '1').map((v) => v[0]), [ids[2], ids[0]]);
    const marker = cli('delete-object', '--bucket', 'cli-versions', '--key', 'k');
    assert.equal(marker['DeleteMarker'], true);
    const paged = cli('list-object-versions', '--bucket', 'cli-versions', '--page-size', '1') as { Versions: Array<{ VersionId: string; IsLatest: boolean }>; DeleteMarkers: Array<{ VersionId: string; IsLatest: boolean }> };
    assert.deepEqual(paged.Versions.map((v) => [v.VersionId, v.IsLatest]), [[ids[2], false], [ids[0], false]]);
    assert.deepEqual(paged.DeleteMarkers.map((m) => [m.VersionId, m.IsLatest]), [[marker['VersionId'], true]], 'markers are gathered across pages too');
    const gone = awsCli(['s3api', 'get-object', '--bucket', 'cli-versions', '--key', 'k', '--version-id', ids[1]!, target], env);
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /An error occurred \(NoSuchVersion\) when calling the GetObject operation: The specified version does not exist\./);

    cli('create-bucket', '--bucket', 'cli-lock', '--object-lock-enabled-for-bucket');
    const locked = cli('put-object', '--bucket', 'cli-lock', '--key', 'k', '--body', join(dir, 'first'))['VersionId'] as string;
    const until = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    until.setUTCMilliseconds(0);
    const iso = until.toISOString().replace('.000Z', 'Z');
    cli('put-object-retention', '--bucket', 'cli-lock', '--key', 'k', '--version-id', locked, '--retention', JSON.stringify({ Mode: 'GOVERNANCE', RetainUntilDate: iso }));
    assert.deepEqual(cli('get-object-retention', '--bucket', 'cli-lock', '--key', 'k', '--version-id', locked), { Retention: { Mode: 'GOVERNANCE', RetainUntilDate: until.toISOString() } }, 'the CLI shows the date as S3 sends it, with milliseconds');
    const refused = awsCli(['s3api', 'delete-object', '--bucket', 'cli-lock', '--key', 'k', '--version-id', locked], env);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /An error occurred \(AccessDenied\) when calling the DeleteObject operation: Access Denied because object protected by object lock\./);
    assert.deepEqual(cli('delete-object', '--bucket', 'cli-lock', '--key', 'k', '--version-id', locked, '--bypass-governance-retention'), { VersionId: locked });
  });
});
