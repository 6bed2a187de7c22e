import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsClientConfig, unreachableMessage } from './aws-options.js';

const HOW = 'set the endpoint with --endpoint URL, AWS_ENDPOINT_URL, or endpoint_url in the profile (sagelite serve listens on http://127.0.0.1:4566 by default)';

/** An error as node's resolver raises it (the SDK passes it through unchanged). */
const dnsFailure = Object.assign(new Error('getaddrinfo ENOTFOUND sagemaker.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'sagemaker.us-east-1.amazonaws.com' });

describe('a request that never reached its endpoint', () => {
  it('without any endpoint set, says it went to AWS itself and how to point it at sagelite', () => {
    assert.equal(unreachableMessage(dnsFailure, awsClientConfig({}, {}), {}),
      `cannot reach sagemaker.us-east-1.amazonaws.com (getaddrinfo ENOTFOUND sagemaker.us-east-1.amazonaws.com): no endpoint is set, so the request went to AWS itself; for sagelite, ${HOW}`);
  });

  it('with AWS_ENDPOINT_URL set, names that endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    assert.equal(unreachableMessage(refused, awsClientConfig({}, {}), { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }),
      `cannot reach the endpoint http://127.0.0.1:4566 (connect ECONNREFUSED 127.0.0.1:4566): is sagelite running there? If it listens elsewhere, ${HOW}`);
  });

  it('is not said of an answer from a service', () => {
    const answered = Object.assign(new Error('denied'), { code: 'ECONNREFUSED', $fault: 'client' });
    assert.equal(unreachableMessage(answered, undefined, {}), undefined);
    assert.equal(unreachableMessage(new Error('other'), undefined, {}), undefined);
  });
});
