import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** An Athena client of the JS SDK v3 pointed at a sagelite server, without retries. */
export function athenaClient(url: string, credentials: Creds): AthenaClient {
  return new AthenaClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function s3Client(url: string, credentials: Creds): S3Client {
  return new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
}

export async function createBucket(url: string, credentials: Creds, bucket: string): Promise<void> {
  await s3Client(url, credentials).send(new CreateBucketCommand({ Bucket: bucket }));
}

export { userWith } from './iam-helpers.js';

/** StartQueryExecution of `sql` with results in `s3://bucket/`; resolves with the execution id. */
export async function startQuery(client: AthenaClient, sql: string, bucket: string): Promise<string> {
  const out = await client.send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: `s3://${bucket}/` } }));
  return out.QueryExecutionId!;
}

/** Polls GetQueryExecution until the query is finished (SUCCEEDED, FAILED or CANCELLED). */
export async function finished(client: AthenaClient, id: string, timeoutMs = 30_000): Promise<QueryExecution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const q = (await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
    const state = q.Status?.State;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return q;
    if (Date.now() > deadline) throw new Error(`query ${id} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
