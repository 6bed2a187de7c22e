// The victim's slower probes in the tenant-isolation bench, run on the main thread with the JS
// SDK (their own latencies are tens of milliseconds to seconds, so the SDK's CPU does not matter):
// Athena `SELECT 1` from submit to SUCCEEDED, and how long a new record takes to reach the
// offline store.
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientConfig, parquetCount, type Victim } from './tenant-setup.js';

export interface ProbeSamples {
  /** Milliseconds of each probe that finished. */
  samples: number[];
  /** Probes that failed, by reason. */
  failures: Record<string, number>;
  /** Probes still waiting at the phase's end, with their time so far (not failures: the phase just ended). */
  unfinishedMs: number[];
}

const newSamples = (): ProbeSamples => ({ samples: [], failures: {}, unfinishedMs: [] });
const errorName = (e: unknown) => (e as { name?: string }).name ?? 'Error';

/** SELECT 1 one at a time (200 ms apart) until the deadline: StartQueryExecution → polling GetQueryExecution every 10 ms → SUCCEEDED. */
export async function athenaProbe(url: string, victim: Victim, deadline: number, maxQueries = Infinity): Promise<ProbeSamples> {
  const out = newSamples();
  const athena = new AthenaClient(clientConfig(url, victim.keys));
  try {
    for (let n = 0; n < maxQueries && Date.now() < deadline; n++) {
      const t0 = performance.now();
      let id: string | undefined;
      try {
        id = (await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: victim.athenaOutput } }))).QueryExecutionId!;
        for (;;) {
          const state = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State;
          if (state === 'SUCCEEDED') {
            out.samples.push(performance.now() - t0);
            break;
          }
          if (state !== 'QUEUED' && state !== 'RUNNING') {
            out.failures[String(state)] = (out.failures[String(state)] ?? 0) + 1;
            break;
          }
          if (Date.now() >= deadline) {
            out.unfinishedMs.push(performance.now() - t0);
            await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
            break;
          }
          await sleep(10);
        }
      } catch (e) {
        out.failures[errorName(e)] = (out.failures[errorName(e)] ?? 0) + 1;
      }
      await sleep(200);
    }
  } finally {
    athena.destroy();
  }
  return out;
}

/**
 * One new record at a time until the deadline: PutRecord, then the victim's Parquet objects
 * counted every 100 ms until one more appears (the flush that carried it). The lag runs from
 * sending PutRecord.
 */
export async function offlineProbe(url: string, victim: Victim, deadline: number, round: string): Promise<ProbeSamples> {
  const out = newSamples();
  const config = clientConfig(url, victim.keys);
  const rt = new SageMakerFeatureStoreRuntimeClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  try {
    for (let n = 0; Date.now() < deadline; n++) {
      try {
        const before = await parquetCount(s3, victim.offlineBucket, victim.offlinePrefix);
        const t0 = performance.now();
        await rt.send(new PutRecordCommand({ FeatureGroupName: victim.group, Record: [{ FeatureName: 'id', ValueAsString: `probe-${round}-${n}` }, { FeatureName: 'ts', ValueAsString: String(Date.now() / 1000) }, { FeatureName: 'payload', ValueAsString: 'probe' }] }));
        for (;;) {
          if ((await parquetCount(s3, victim.offlineBucket, victim.offlinePrefix)) > before) {
            out.samples.push(performance.now() - t0);
            break;
          }
          if (Date.now() >= deadline) {
            out.unfinishedMs.push(performance.now() - t0);
            break;
          }
          await sleep(100);
        }
      } catch (e) {
        out.failures[errorName(e)] = (out.failures[errorName(e)] ?? 0) + 1;
        await sleep(100);
      }
      await sleep(300);
    }
  } finally {
    rt.destroy();
    s3.destroy();
  }
  return out;
}
