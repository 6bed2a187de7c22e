import { AthenaClient } from '@aws-sdk/client-athena';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { STSClient } from '@aws-sdk/client-sts';

/** Static credentials: an account's root key, or a session's temporary ones. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The clients one identity uses in the guide, all pointed at one endpoint. */
export interface GuideClients {
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  sagemaker: SageMakerClient;
  runtime: SageMakerFeatureStoreRuntimeClient;
  athena: AthenaClient;
}

/**
 * Every client the guide needs, as one identity, against `endpoint` (path-style S3, so bucket
 * names need no DNS). Retries are off: a denial should show at once, not after backoff.
 *
 * @example
 * const b = guideClients('http://127.0.0.1:4566', 'us-east-1', rootKeyOfB);
 * await b.iam.send(new ListRolesCommand({}));
 */
export function guideClients(endpoint: string, region: string, credentials: Credentials): GuideClients {
  const config = { endpoint, region, credentials, maxAttempts: 1 };
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sagemaker: new SageMakerClient(config),
    runtime: new SageMakerFeatureStoreRuntimeClient(config),
    athena: new AthenaClient(config),
  };
}

/** Closes every client's connections, so the process can exit. */
export function destroyClients(c: GuideClients): void {
  for (const client of Object.values(c)) client.destroy();
}

/** What an AWS SDK v3 error carries that the demo prints. */
export interface AwsFailure {
  name: string;
  message: string;
  status?: number;
  requestId?: string;
}

/** The code, message, HTTP status and request id of an SDK error (or of anything thrown). */
export function awsFailure(e: unknown): AwsFailure {
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  return {
    name: err.Code ?? err.name ?? 'Error',
    message: err.message ?? String(e),
    ...(err.$metadata?.httpStatusCode !== undefined ? { status: err.$metadata.httpStatusCode } : {}),
    ...(err.$metadata?.requestId !== undefined ? { requestId: err.$metadata.requestId } : {}),
  };
}
