import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import type { CorsRule } from '../../../storage/s3.js';
import { checkCorsRules, corsResponseHeaders, matchingRule, requestedHeaders } from './rules.js';

const code = (c: string) => (e: unknown) => e instanceof AwsError && e.code === c;

describe('CORS rules', () => {
  it('PutBucketCors’s checks: rule count, methods, wildcards, ExposeHeader', () => {
    assert.throws(() => checkCorsRules([]), code('MalformedXML'));
    assert.throws(() => checkCorsRules(undefined), code('MalformedXML'));
    assert.throws(() => checkCorsRules(Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }))), code('MalformedXML'));
    assert.throws(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: [] }]), code('MalformedXML'));
    assert.throws(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: [''] }]), (e) => e instanceof AwsError && e.message.endsWith('Unsupported method is '));
    assert.throws(() => checkCorsRules([{ AllowedOrigins: ['**'], AllowedMethods: ['GET'] }]), code('InvalidRequest'));
    assert.throws(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['x-*'] }]), code('InvalidRequest'));
    assert.throws(() => checkCorsRules([{ ID: 'i'.repeat(256), AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]), code('InvalidArgument'));
    assert.deepEqual(checkCorsRules([{ AllowedOrigins: [''], AllowedMethods: ['GET'], AllowedHeaders: [], MaxAgeSeconds: 0 }]), [{ AllowedOrigins: [''], AllowedMethods: ['GET'], MaxAgeSeconds: 0 }]);
  });

  it('matching: the first rule; one * for any run (the empty one too), anchored; origins as written; header names in any case', () => {
    const rules: CorsRule[] = [
      { ID: 'a', AllowedOrigins: ['http://*.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['X-Amz-*', 'content-type'] },
      { ID: 'b', AllowedOrigins: ['start*end', 'exact'], AllowedMethods: ['GET'] },
      { ID: 'c', AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'] },
    ];
    const id = (origin: string, method: string, headers: string[] = []) => matchingRule(rules, origin, method, headers)?.ID;
    assert.equal(id('http://a.b.example.com', 'PUT', ['x-amz-date', 'Content-Type']), 'a');
    assert.equal(id('http://.example.com', 'PUT'), 'a');
    assert.equal(id('https://a.example.com', 'PUT'), 'c');
    assert.equal(id('http://a.example.com', 'PUT', ['authorization']), undefined);
    assert.equal(id('startend', 'GET'), 'b');
    assert.equal(id('start-middle-end', 'GET'), 'b');
    assert.equal(id('xstartend', 'GET'), 'c');
    assert.equal(id('EXACT', 'GET'), 'c');
    assert.equal(id('anything', 'DELETE'), undefined);
    assert.deepEqual(requestedHeaders(' X-Amz-Date ,,Content-Type'), ['x-amz-date', 'content-type']);
  });

  it('answers the origin with credentials when a rule names it, * without when only * lets it in', () => {
    const named: CorsRule = { AllowedOrigins: ['*', 'https://app'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 5 };
    assert.deepEqual(corsResponseHeaders(named, 'https://app', ['x-a']), {
      'access-control-allow-origin': 'https://app',
      'access-control-allow-credentials': 'true',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': 'x-a',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '5',
    });
    assert.equal(corsResponseHeaders(named, 'https://other', [])['access-control-allow-origin'], '*');
    assert.equal(corsResponseHeaders(named, 'https://other', [])['access-control-allow-credentials'], undefined);
  });
});
