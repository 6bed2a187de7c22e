import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicPolicy, isPublicStatement } from './public-policy.js';

const allow = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });

describe('public bucket policies', () => {
  it('grants to "*" (any spelling) or with NotPrincipal are public', () => {
    assert.ok(isPublicStatement(allow({ Principal: '*' })));
    assert.ok(isPublicStatement(allow({ Principal: { AWS: '*' } })));
    assert.ok(isPublicStatement(allow({ Principal: { AWS: ['111122223333', '*'] } })));
    assert.ok(isPublicStatement(allow({ NotPrincipal: { AWS: '111122223333' } })));
  });

  it('named principals and Deny statements are not public', () => {
    assert.ok(!isPublicStatement(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })));
    assert.ok(!isPublicStatement(allow({ Principal: { Service: 'sagemaker.amazonaws.com' } })));
    assert.ok(!isPublicStatement({ ...allow({ Principal: '*' }), Effect: 'Deny' }));
  });

  it('a condition on a fixed value of a pinning key makes "*" non-public', () => {
    assert.ok(!isPublicStatement(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })));
    assert.ok(!isPublicStatement(allow({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })));
    assert.ok(!isPublicStatement(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })));
  });

  it('conditions that do not pin leave it public', () => {
    assert.ok(isPublicStatement(allow({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '1111*' } } })));
    assert.ok(isPublicStatement(allow({ Principal: '*', Condition: { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } } })));
    assert.ok(isPublicStatement(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })));
    assert.ok(isPublicStatement(allow({ Principal: '*', Condition: { StringEquals: { 's3:prefix': 'home/' } } })));
    assert.ok(isPublicStatement(allow({ Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })));
  });

  it('reads whole documents, Statement as an object or a list', () => {
    assert.ok(isPublicPolicy(JSON.stringify({ Version: '2012-10-17', Statement: allow({ Principal: '*' }) })));
    assert.ok(!isPublicPolicy(JSON.stringify({ Version: '2012-10-17', Statement: [allow({ Principal: { AWS: '111122223333' } })] })));
  });
});
