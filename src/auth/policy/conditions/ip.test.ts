import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpRange } from './ip.js';
import { conditionHolds } from '../../../../test/support/policy-helpers.js';
import { compilePolicy } from '../compile-policy.js';
import { PolicyDocumentError } from '../errors.js';

describe('IpAddress / NotIpAddress (checklist 16)', () => {
  const rows: Array<[string, string[], string, boolean]> = [
    ['IpAddress', ['10.0.0.0/8'], '10.200.1.1', true],
    ['IpAddress', ['10.0.0.0/8'], '11.0.0.1', false],
    ['IpAddress', ['203.0.113.5'], '203.0.113.5', true], // a bare IP is a /32
    ['IpAddress', ['203.0.113.5'], '203.0.113.6', false],
    ['IpAddress', ['192.168.1.0/25'], '192.168.1.127', true],
    ['IpAddress', ['192.168.1.0/25'], '192.168.1.128', false],
    ['IpAddress', ['0.0.0.0/0'], '8.8.8.8', true],
    ['IpAddress', ['2001:db8::/32'], '2001:db8:1::1', true],
    ['IpAddress', ['2001:db8::/32'], '2001:db9::1', false],
    ['IpAddress', ['::1'], '::1', true], // a bare IPv6 address is a /128
    ['IpAddress', ['::1'], '::2', false],
    ['IpAddress', ['10.0.0.0/8'], '::ffff:10.0.0.1', false], // families do not mix
    ['IpAddress', ['10.0.0.0/8'], 'not-an-ip', false],
    ['NotIpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '8.8.8.8', true],
    ['NotIpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.3.3', false],
  ];
  for (const [op, values, ip, expected] of rows) {
    it(`${op} ${values.join(',')} with ${ip} → ${expected}`, () => assert.equal(conditionHolds(op, 'aws:SourceIp', values, { 'aws:SourceIp': ip }), expected));
  }
  it('parses IPv6 forms', () => {
    assert.equal(parseIpRange('2001:0db8:0000:0000:0000:ff00:0042:8329')?.prefix, 128);
    assert.equal(parseIpRange('::ffff:192.0.2.1')?.v6, true);
    for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4/33', '2001:db8::/129', '1::2::3', '01.2.3.4', 'abcde::1']) assert.equal(parseIpRange(bad), undefined, bad);
  });
  it('a bad CIDR fails when the policy is compiled', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }] };
    assert.throws(() => compilePolicy(JSON.stringify(doc), 'identity'), (e: unknown) => e instanceof PolicyDocumentError && e.message === 'The policy failed legacy parsing');
  });
});
