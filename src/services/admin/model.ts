import type { ServiceModel } from '../../models/model.js';

/**
 * sagelite's own operator API, in AWS JSON 1.1 so it rides the same pipeline: signed with SigV4
 * (service name `sagelite`) by the operator key the data directory was created with.
 */
export const ADMIN_MODEL: ServiceModel = {
  metadata: {
    apiVersion: '2026-11-01',
    protocol: 'json',
    endpointPrefix: 'sagelite',
    signingName: 'sagelite',
    targetPrefix: 'Sagelite',
    jsonVersion: '1.1',
    serviceId: 'sagelite',
  },
  operations: {
    GetClock: { name: 'GetClock', http: { method: 'POST', requestUri: '/' }, output: { shape: 'ClockOutput' } },
    AdvanceClock: { name: 'AdvanceClock', http: { method: 'POST', requestUri: '/' }, input: { shape: 'AdvanceClockInput' }, output: { shape: 'ClockOutput' } },
    CreateAccount: { name: 'CreateAccount', http: { method: 'POST', requestUri: '/' }, input: { shape: 'CreateAccountInput' }, output: { shape: 'CreateAccountOutput' } },
    ListAccounts: { name: 'ListAccounts', http: { method: 'POST', requestUri: '/' }, output: { shape: 'ListAccountsOutput' } },
    AssumeRoleAsService: { name: 'AssumeRoleAsService', http: { method: 'POST', requestUri: '/' }, input: { shape: 'AssumeRoleAsServiceInput' }, output: { shape: 'AssumeRoleAsServiceOutput' } },
    ExplainDecision: { name: 'ExplainDecision', http: { method: 'POST', requestUri: '/' }, input: { shape: 'ExplainDecisionInput' }, output: { shape: 'ExplainDecisionOutput' } },
  },
  shapes: {
    ClockOutput: { type: 'structure', members: { Now: { shape: 'Timestamp' }, OffsetMilliseconds: { shape: 'Long' } } },
    AdvanceClockInput: { type: 'structure', required: ['Milliseconds'], members: { Milliseconds: { shape: 'Milliseconds' } } },
    Milliseconds: { type: 'long', min: 0, max: 315_360_000_000 },
    CreateAccountInput: { type: 'structure', members: { Alias: { shape: 'Alias' } } },
    Alias: { type: 'string', min: 3, max: 63, pattern: '^[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$' },
    CreateAccountOutput: {
      type: 'structure',
      members: {
        AccountId: { shape: 'String' },
        Alias: { shape: 'String' },
        AccessKeyId: { shape: 'String' },
        SecretAccessKey: { shape: 'String' },
        CanonicalUserId: { shape: 'String' },
      },
    },
    ListAccountsOutput: { type: 'structure', members: { Accounts: { shape: 'AccountList' } } },
    AccountList: { type: 'list', member: { shape: 'AccountSummary' } },
    AccountSummary: { type: 'structure', members: { AccountId: { shape: 'String' }, Alias: { shape: 'String' }, CanonicalUserId: { shape: 'String' } } },
    ExplainDecisionInput: { type: 'structure', required: ['RequestId'], members: { RequestId: { shape: 'RequestId' } } },
    RequestId: { type: 'string', min: 1, max: 128 },
    ExplainDecisionOutput: {
      type: 'structure',
      members: { RequestId: { shape: 'String' }, AccountId: { shape: 'String' }, Allowed: { shape: 'Boolean' }, Time: { shape: 'Timestamp' }, Explanation: { shape: 'String' }, Detail: { shape: 'String' } },
    },
    AssumeRoleAsServiceInput: {
      type: 'structure',
      required: ['RoleArn', 'ServiceName'],
      members: { RoleArn: { shape: 'String' }, ServiceName: { shape: 'String' }, RoleSessionName: { shape: 'String' }, DurationSeconds: { shape: 'Duration' } },
    },
    Duration: { type: 'integer', min: 900, max: 43200 },
    AssumeRoleAsServiceOutput: {
      type: 'structure',
      members: { AccessKeyId: { shape: 'String' }, SecretAccessKey: { shape: 'String' }, SessionToken: { shape: 'String' }, Expiration: { shape: 'Timestamp' }, Arn: { shape: 'String' } },
    },
    Boolean: { type: 'boolean' },
    String: { type: 'string' },
    Long: { type: 'long' },
    Timestamp: { type: 'timestamp' },
  },
};
