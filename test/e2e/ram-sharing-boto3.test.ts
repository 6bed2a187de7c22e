import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOTO_EXPECTING_ERRORS, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { botocoreModelsEnv } from '../support/botocore-models.js';

/**
 * The RAM flow of the SageMaker Developer Guide ("Share online feature groups with AWS RAM"),
 * driven by boto3 as its examples are: B shares a feature group read-write with A and A accepts;
 * A's own identity writes and reads B's group by ARN; a third account is refused; B
 * disassociates A and A is refused again.
 */
describe('RAM share lifecycle across two accounts, with boto3', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let c: AccountKeys;
  const boto = (keys: AccountKeys, code: string) => JSON.parse(python(`${BOTO_EXPECTING_ERRORS}ram = boto3.client('ram', config=cfg)
sm = boto3.client('sagemaker', config=cfg)
rt = boto3.client('sagemaker-featurestore-runtime', config=cfg)
out = {}
${code}
print(json.dumps(out, default=str))`, { ...clientEnv(server.url, keys), ...botocoreModelsEnv() })) as Record<string, unknown>;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'boto-ram-a');
    b = createAccount(server.dataDir, 'boto-ram-b');
    c = createAccount(server.dataDir, 'boto-ram-c');
    boto(b, `
sm.create_feature_group(FeatureGroupName='orders', RecordIdentifierFeatureName='id', EventTimeFeatureName='ts',
    FeatureDefinitions=[{'FeatureName': 'id', 'FeatureType': 'String'}, {'FeatureName': 'ts', 'FeatureType': 'Fractional'}],
    OnlineStoreConfig={'EnableOnlineStore': True})`);
  });
  after(() => server.stop());

  it('create, invite, accept, list, use, disassociate, delete — and RAM’s errors on the way', () => {
    const owner = boto(b, `
arn = sm.describe_feature_group(FeatureGroupName='orders')['FeatureGroupArn']
share = ram.create_resource_share(name='orders-share', resourceArns=[arn], principals=['${a.accountId}'],
    permissionArns=['arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadWrite'])['resourceShare']
out['arn'] = arn
out['share'] = share['resourceShareArn']
out['status'] = share['status']
out['own'] = error(lambda: ram.create_resource_share(name='x', principals=['${b.accountId}']))
out['owner'] = error(lambda: ram.get_resource_shares(resourceOwner='NOBODY'))`);
    assert.equal(owner['status'], 'ACTIVE');
    assert.deepEqual(owner['owner'], ['InvalidParameterException', 'NOBODY is not a valid resource owner. Specify either SELF or OTHER-ACCOUNTS and try again.']);
    assert.equal((owner['own'] as string[])[0], 'InvalidParameterException');
    const arn = owner['arn'] as string;

    const consumer = boto(a, `
out['before'] = error(lambda: rt.get_record(FeatureGroupName='${arn}', RecordIdentifierValueAsString='1'))
inv = ram.get_resource_share_invitations()['resourceShareInvitations']
out['invitations'] = [[i['status'], i['senderAccountId']] for i in inv]
out['accepted'] = ram.accept_resource_share_invitation(resourceShareInvitationArn=inv[0]['resourceShareInvitationArn'])['resourceShareInvitation']['status']
rt.put_record(FeatureGroupName='${arn}', Record=[{'FeatureName': 'id', 'ValueAsString': '1'}, {'FeatureName': 'ts', 'ValueAsString': '1700000000'}])
out['read'] = rt.get_record(FeatureGroupName='${arn}', RecordIdentifierValueAsString='1')['Record']
out['described'] = sm.describe_feature_group(FeatureGroupName='${arn}')['FeatureGroupName']
out['shared'] = [s['name'] for s in ram.get_resource_shares(resourceOwner='OTHER-ACCOUNTS')['resourceShares']]
out['resources'] = [r['arn'] for r in ram.list_resources(resourceOwner='OTHER-ACCOUNTS')['resources']]`);
    assert.deepEqual((consumer['before'] as string[])[0], 'AccessDeniedException');
    assert.deepEqual(consumer['invitations'], [['PENDING', b.accountId]]);
    assert.equal(consumer['accepted'], 'ACCEPTED');
    assert.deepEqual(consumer['read'], [{ FeatureName: 'id', ValueAsString: '1' }, { FeatureName: 'ts', ValueAsString: '1700000000' }]);
    assert.equal(consumer['described'], 'orders');
    assert.deepEqual(consumer['shared'], ['orders-share']);
    assert.deepEqual(consumer['resources'], [arn]);

    const third = boto(c, `
out['get'] = error(lambda: rt.get_record(FeatureGroupName='${arn}', RecordIdentifierValueAsString='1'))
out['describe'] = error(lambda: sm.describe_feature_group(FeatureGroupName='${arn}'))
out['shares'] = ram.get_resource_shares(resourceOwner='OTHER-ACCOUNTS')['resourceShares']`);
    assert.match((third['get'] as string[])[1]!, /because no resource-based policy allows the sagemaker:GetRecord action/);
    assert.equal((third['describe'] as string[])[0], 'AccessDeniedException');
    assert.deepEqual(third['shares'], []);

    const ended = boto(b, `
out['dis'] = [x['status'] for x in ram.disassociate_resource_share(resourceShareArn='${owner['share']}', principals=['${a.accountId}'])['resourceShareAssociations']]
out['assoc'] = [x['status'] for x in ram.get_resource_share_associations(associationType='PRINCIPAL', resourceShareArns=['${owner['share']}'])['resourceShareAssociations']]`);
    assert.deepEqual(ended, { dis: ['DISASSOCIATING'], assoc: ['DISASSOCIATED'] });
    const refused = boto(a, `out['get'] = error(lambda: rt.get_record(FeatureGroupName='${arn}', RecordIdentifierValueAsString='1'))`);
    assert.equal((refused['get'] as string[])[0], 'AccessDeniedException');
    const deleted = boto(b, `
out['ret'] = ram.delete_resource_share(resourceShareArn='${owner['share']}')['returnValue']
out['status'] = [s['status'] for s in ram.get_resource_shares(resourceOwner='SELF')['resourceShares']]
out['again'] = error(lambda: ram.delete_resource_share(resourceShareArn='${owner['share']}'))`);
    assert.deepEqual(deleted, { ret: true, status: ['DELETED'], again: ['UnknownResourceException', `ResourceShare ${owner['share']} could not be found.`] });
  });
});
