/**
 * Each malformed-policy class → AWS's exact message (checklist 19). The expected messages are
 * AWS's, as recorded by moto's IAM tests; the documents here are our own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from './compile-policy.js';
import { PolicyDocumentError } from './errors.js';
import type { PolicyKind } from './types.js';

const V = '2012-10-17';
const ok = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' };
const doc = (statement: unknown, extra: Record<string, unknown> = {}) => ({ Version: V, Statement: statement, ...extra });

const IAM_PATH = 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.';

const cases: Array<[string, unknown, string, PolicyKind?]> = [
  ['not JSON', 'This is not a json document', 'Syntax errors in policy.'],
  ['no Version', { Statement: ok }, 'Policy document must be version 2012-10-17 or greater.'],
  ['Version 2008-10-17', { Version: '2008-10-17', Statement: ok }, 'Policy document must be version 2012-10-17 or greater.'],
  ['Version 2008-10-17 in a session policy', { Version: '2008-10-17', Statement: ok }, 'Policy document must be version 2012-10-17 or greater.', 'session'],
  ['unknown Version', { Version: '2013-10-17', Statement: ok }, 'Syntax errors in policy.'],
  ['no Statement', { Version: V }, 'Syntax errors in policy.'],
  ['empty Statement list', doc([]), 'Syntax errors in policy.'],
  ['statement not an object', doc(['afd']), 'Syntax errors in policy.'],
  ['unknown top-level key', doc(ok, { 'Extra field': 'value' }), 'Syntax errors in policy.'],
  ['unknown statement key', doc({ ...ok, 'Extra field': 'value' }), 'Syntax errors in policy.'],
  ['Id not a string', doc(ok, { Id: ['x'] }), 'Syntax errors in policy.'],
  ['invalid Effect', doc({ ...ok, Effect: 'invalid' }), 'Syntax errors in policy.'],
  ['missing Effect', doc({ Action: 's3:ListBucket', Resource: '*' }), 'Syntax errors in policy.'],
  ['Effect in the wrong case', doc({ ...ok, Effect: 'denY' }), 'The policy failed legacy parsing'],
  ['Action and NotAction', doc({ ...ok, NotAction: 's3:ListBucket' }), 'Syntax errors in policy.'],
  ['Resource and NotResource', doc({ ...ok, NotResource: '*' }), 'Syntax errors in policy.'],
  ['Action an object', doc({ ...ok, Action: {} }), 'Syntax errors in policy.'],
  ['Action a nested list', doc({ ...ok, Action: [[]] }), 'Syntax errors in policy.'],
  ['Resource with a non-string', doc({ ...ok, Resource: ['adfdf', {}] }), 'Syntax errors in policy.'],
  ['Sid not a string', doc({ ...ok, Sid: {} }), 'Syntax errors in policy.'],
  ['Condition a list', doc({ ...ok, Condition: [] }), 'Syntax errors in policy.'],
  ['Condition block a string', doc({ ...ok, Condition: { DateGreaterThan: 'b' } }), 'Syntax errors in policy.'],
  ['condition value an object', doc({ ...ok, Condition: { StringEquals: { a: {} } } }), 'Syntax errors in policy.'],
  ['condition value null', doc({ ...ok, Condition: { StringEquals: { a: null } } }), 'Syntax errors in policy.'],
  ['unknown operator with a body', doc({ ...ok, Condition: { x: { a: '1' } } }), 'Syntax errors in policy.'],
  ['doubled qualifier colon', doc({ ...ok, Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'x' } } }), 'Syntax errors in policy.'],
  ['bad date value', doc({ ...ok, Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
  ['epoch out of range', doc({ ...ok, Condition: { DateLessThan: { a: '9223372036854775808' } } }), 'The policy failed legacy parsing'],
  ['bad CIDR', doc({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/40' } } }), 'The policy failed legacy parsing'],
  ['duplicate Sids', doc([{ ...ok, Sid: 'a' }, { ...ok, Sid: 'a' }]), 'Statement IDs (SID) in a single policy must be unique.'],
  ['no Action', doc({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
  ['empty Action list', doc({ ...ok, Action: [] }), 'Policy statement must contain actions.'],
  ['no Resource', doc({ Effect: 'Allow', Action: 's3:ListBucket' }), 'Policy statement must contain resources.'],
  ['empty Resource list', doc({ ...ok, Resource: [] }), 'Policy statement must contain resources.'],
  ['action without a vendor', doc({ ...ok, Action: 'invalid' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['empty NotAction', doc({ Effect: 'Allow', NotAction: '', Resource: '*' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['two colons in an action', doc({ ...ok, Action: 's3:List:Bucket' }), 'Actions/Condition can contain only one colon.'],
  ['bad vendor', doc({ ...ok, Action: 'a a:ListBucket' }), 'Vendor a a is not valid'],
  ['resource not an ARN', doc({ ...ok, Resource: 'invalid resource' }), 'Resource invalid resource must be in ARN format or "*".'],
  ['empty resource', doc({ ...ok, Resource: '' }), 'Resource  must be in ARN format or "*".'],
  ['bad partition', doc({ ...ok, Resource: 'a:b:c:d:e:f:g:h' }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
  ['short bad partition', doc({ ...ok, Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
  ['vendor not qualified', doc({ ...ok, Resource: 'arn:aws' }), 'Resource vendor must be fully qualified and cannot contain regexes.'],
  ['IAM resource with a region', doc({ ...ok, Resource: 'arn:aws:iam:us-east-1::user/x' }), 'IAM resource arn:aws:iam:us-east-1::user/x cannot contain region information.'],
  ['S3 resource with a region', doc({ ...ok, Resource: 'arn:aws:s3:us-east-1::b' }), 'Resource arn:aws:s3:us-east-1::b can not contain region information.'],
  ['IAM resource path', doc({ ...ok, Resource: 'arn:aws:iam:::example_bucket' }), IAM_PATH],
  ['short ARN with ::', doc({ ...ok, Resource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
  ['identity policy with a Principal', doc({ ...ok, Principal: '*' }), 'Policy document should not specify a principal.'],
  ['boundary with a NotPrincipal', doc({ ...ok, NotPrincipal: { AWS: '*' } }), 'Policy document should not specify a principal.', 'boundary'],
  ['bucket policy without a Principal', doc(ok), 'Missing required field Principal', 'resource'],
  ['trust policy without a Principal', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal', 'trust'],
  ['trust policy with a Resource', doc({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole', Resource: '*' }), 'Has prohibited field Resource', 'trust'],
  ['trust policy with a NotPrincipal', doc({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }), 'Has prohibited field NotPrincipal', 'trust'],
  ['principal wildcard inside an ARN', doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/*' }, Action: 'sts:AssumeRole' }), 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/*"', 'trust'],
  ['principal string other than "*"', doc({ ...ok, Principal: 'arn:aws:iam::111122223333:root' }), 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:root"', 'resource'],
  ['unknown principal type', doc({ ...ok, Principal: { Users: 'x' } }), 'Syntax errors in policy.', 'resource'],
  ['Principal and NotPrincipal', doc({ ...ok, Principal: '*', NotPrincipal: '*' }), 'Syntax errors in policy.', 'resource'],
  ['duplicate keys', '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"s3:*","Resource":"*"}}', 'Syntax errors in policy.'],
  ['condition keys differing only in case', doc({ ...ok, Condition: { StringEquals: { 'aws:username': 'a', 'AWS:UserName': 'b' } } }), 'Syntax errors in policy.'],
  ['nesting too deep', '{"Version":"2012-10-17","Statement":' + '['.repeat(40) + ']'.repeat(40) + '}', 'Syntax errors in policy.'],
  ['trailing garbage', JSON.stringify(doc(ok)) + 'x', 'Syntax errors in policy.'],
];

describe('malformed policies → AWS messages', () => {
  for (const [title, input, message, kind = 'identity'] of cases) {
    it(`${title} (${kind})`, () => {
      const text = typeof input === 'string' ? input : JSON.stringify(input);
      assert.throws(() => compilePolicy(text, kind), (e: unknown) => {
        assert.ok(e instanceof PolicyDocumentError, String(e));
        assert.equal(e.message, message);
        assert.equal(e.code, 'MalformedPolicyDocument');
        return true;
      });
    });
  }

  it('characters outside U+0009, U+000A, U+000D, U+0020–U+00FF → ValidationError', () => {
    for (const bad of ['\u2603', '\u0000', '\u0100', '\u{1F600}']) {
      // Raw characters in the text (JSON.stringify would escape some of them into ASCII).
      const text = `{"Version":"2012-10-17","Statement":{"Sid":"x${bad}","Effect":"Allow","Action":"s3:*","Resource":"*"}}`;
      assert.throws(() => compilePolicy(text, 'identity'), (e: unknown) => e instanceof PolicyDocumentError && e.code === 'ValidationError');
    }
    // Latin-1 and escaped code points are fine.
    assert.equal(compilePolicy(JSON.stringify(doc({ ...ok, Sid: 'é' })), 'identity').statementCount, 1);
    assert.equal(compilePolicy('{"Version":"2012-10-17","Statement":{"Sid":"\\u2603","Effect":"Allow","Action":"s3:*","Resource":"*"}}', 'identity').statementCount, 1);
  });

  it('text longer than 131,072 characters → ValidationError', () => {
    const text = JSON.stringify(doc({ ...ok, Sid: 'x'.repeat(131_072) }));
    assert.throws(() => compilePolicy(text, 'identity'), (e: unknown) => e instanceof PolicyDocumentError && e.code === 'ValidationError' && /131072/.test(e.message));
  });

  it('the same document compiles once (cache) and the same error is thrown again', () => {
    const text = JSON.stringify(doc(ok));
    assert.equal(compilePolicy(text, 'identity'), compilePolicy(text, 'identity'));
    assert.notEqual(compilePolicy(text, 'identity'), compilePolicy(text, 'boundary'));
    let first: unknown;
    let second: unknown;
    try { compilePolicy('nope', 'identity'); } catch (e) { first = e; }
    try { compilePolicy('nope', 'identity'); } catch (e) { second = e; }
    assert.equal(first, second);
  });
});

describe('valid policies', () => {
  const valid: Array<[string, unknown, PolicyKind?]> = [
    ['single statement object', doc(ok)],
    ['odd but vendor-prefixed action', doc({ ...ok, Action: 'iam: asdf safdsf af ' })],
    ['Action "*"', doc({ ...ok, Action: '*' })],
    ['unknown service in a resource', doc({ ...ok, Resource: 'arn:aws:invalid-service:us-east-1::x' })],
    ['short ARN without ::', doc({ ...ok, Resource: 'arn:aws:fdsasf' })],
    ['empty Condition', doc({ ...ok, Condition: {} })],
    ['unknown operator with an empty body', doc({ ...ok, Condition: { x: {}, y: {} } })],
    ['empty value list', doc({ ...ok, Condition: { DateGreaterThan: { a: [] } } })],
    ['qualified IfExists', doc({ ...ok, Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'x' } } })],
    ['number and boolean condition values', doc({ ...ok, Condition: { NumericLessThan: { n: 5 }, Bool: { 'aws:SecureTransport': false } } })],
    ['dates AWS accepts', doc({ ...ok, Condition: { DateLessThanEquals: { a: ['2016-12-13t2:00:00.593194+23', '01T', '-292275054'] } } })],
    ['NotAction with NotResource', doc({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' })],
    ['policy variables', doc({ ...ok, Resource: 'arn:aws:iam::*:user/${aws:username}' })],
    ['bucket policy, Version 2008-10-17', { Version: '2008-10-17', Statement: { ...ok, Principal: '*' } }, 'resource'],
    ['trust policy for a service', doc({ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust'],
    ['trust policy naming users, roles, sessions and accounts', doc({
      Effect: 'Allow',
      Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/p/a', 'arn:aws:iam::111122223333:role/R', 'arn:aws:sts::111122223333:assumed-role/R/s', 'AROAEXAMPLEID1234567'] },
      Action: 'sts:AssumeRole',
    }), 'trust'],
  ];
  for (const [title, input, kind = 'identity'] of valid) {
    it(title, () => assert.ok(compilePolicy(JSON.stringify(input), kind).statementCount >= 1));
  }
});
