// Feature Store runtime through the whole stack (HTTP, SigV4 verification, policy evaluation,
// SQLite): GetRecord, BatchGetRecord(100) and PutRecord at fixed concurrency on loopback.
// The load generator is lean on purpose — requests are signed once up front (a SigV4 signature
// stays valid for 15 minutes and the server verifies it on every request) and sent over raw
// keep-alive connections (bench/http-load.ts; node:http's client is the `node-http` option) —
// so the two cores go to the server, not to an SDK client.
import { Agent, request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../test/e2e/harness.js';
import { startBenchServer, stopBenchServer } from './bench-server.js';
import { RawConnection, requestBytes } from './http-load.js';

export interface FsRow {
  what: string;
  system: string;
  rate: string;
  p50: string;
  p99: string;
}

interface Prepared {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const RECORDS = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function sign(signer: SignatureV4, url: URL, method: string, path: string, query: Record<string, string>, body?: string): Promise<Prepared> {
  const headers: Record<string, string> = { host: url.host, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
  const signed = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query, headers, ...(body !== undefined ? { body } : {}) }));
  const qs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return { method, path: qs ? `${path}?${qs}` : path, headers: signed.headers as Record<string, string>, ...(body !== undefined ? { body } : {}) };
}

function send(agent: Agent, url: URL, r: Prepared): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Which load generator drives the server: the raw keep-alive client (default) or node:http's Agent. */
export type LoadClient = 'raw' | 'node-http';

async function drive(what: string, url: URL, prepared: Prepared[], count: number, concurrency: number, client: LoadClient = 'raw'): Promise<FsRow> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const connections = Array.from({ length: concurrency }, () => new RawConnection(url.hostname, Number(url.port)));
  const bytes = prepared.map((r) => requestBytes(r.method, r.path, r.headers, r.body));
  const call = client === 'raw' ? (i: number, worker: number) => connections[worker]!.send(bytes[i]!) : (i: number) => send(agent, url, prepared[i]!);
  for (let i = 0; i < Math.min(50, prepared.length); i++) await call(i, i % concurrency);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) {
        const i = next++ % prepared.length;
        const start = performance.now();
        if ((await call(i, worker)) !== 200) failures++;
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  for (const c of connections) c.close();
  if (failures > 0) throw new Error(`${what}: ${failures} requests failed`);
  latencies.sort((a, b) => a - b);
  return { what: `${what}, ${concurrency} in flight, ${count} calls`, system: 'sagelite (SigV4 + policy + SQLite)', rate: `${Math.round(count / seconds)} /s`, p50: `${percentile(latencies, 50).toFixed(2)} ms`, p99: `${percentile(latencies, 99).toFixed(2)} ms` };
}

/** Starts a server (whose log is drained, not parsed: bench-server.ts), then measures it (see {@link measureFeatureStore}). */
export async function featureStoreThroughput(): Promise<FsRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-fsbench-'));
  const { child, url } = await startBenchServer(dataDir);
  try {
    return await measureFeatureStore(url, createAccount(dataDir));
  } finally {
    await stopBenchServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The signed requests of each phase, made once up front. */
export interface FeatureStoreRequests {
  url: URL;
  gets: Prepared[];
  batches: Prepared[];
  puts: Prepared[];
}

/** Against a running server and an account's root key: creates an online feature group and ingests 1,000 records; returns the signed requests of the phases. */
export async function prepareFeatureStore(endpoint: string, keys: { accessKeyId: string; secretAccessKey: string }, groupName = 'bench', storageType: 'Standard' | 'InMemory' = 'Standard'): Promise<FeatureStoreRequests> {
  const url = new URL(endpoint);
  const credentials = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
  await new SageMakerClient({ endpoint, region: 'us-east-1', credentials }).send(
    new CreateFeatureGroupCommand({
      FeatureGroupName: groupName,
      RecordIdentifierFeatureName: 'id',
      EventTimeFeatureName: 'ts',
      FeatureDefinitions: [
        { FeatureName: 'id', FeatureType: 'String' },
        { FeatureName: 'ts', FeatureType: 'Fractional' },
        { FeatureName: 'score', FeatureType: 'Fractional' },
        { FeatureName: 'segment', FeatureType: 'String' },
      ],
      OnlineStoreConfig: { EnableOnlineStore: true, StorageType: storageType },
    }),
  );
  const signer = new SignatureV4({ service: 'sagemaker', region: 'us-east-1', credentials, sha256: Sha256 });
  const now = Math.floor(Date.now() / 1000);
  const path = `/FeatureGroup/${groupName}`;
  const record = (id: string, t: number) => JSON.stringify({ Record: [{ FeatureName: 'id', ValueAsString: id }, { FeatureName: 'ts', ValueAsString: String(t) }, { FeatureName: 'score', ValueAsString: '0.5' }, { FeatureName: 'segment', ValueAsString: 'gold' }] });
  const ingest = await Promise.all(Array.from({ length: RECORDS }, (_, i) => sign(signer, url, 'PUT', path, {}, record(`r${i}`, now))));
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  for (const r of ingest) if ((await send(agent, url, r)) !== 200) throw new Error('ingest failed');
  agent.destroy();
  const gets = await Promise.all(Array.from({ length: RECORDS }, (_, i) => sign(signer, url, 'GET', path, { RecordIdentifierValueAsString: `r${i}` })));
  const batches = await Promise.all(
    Array.from({ length: 10 }, (_, b) =>
      sign(signer, url, 'POST', '/BatchGetRecord', {}, JSON.stringify({ Identifiers: [{ FeatureGroupName: groupName, RecordIdentifiersValueAsString: Array.from({ length: 100 }, (_, i) => `r${(b * 100 + i) % RECORDS}`) }] })),
    ),
  );
  const puts = await Promise.all(Array.from({ length: 5000 }, (_, i) => sign(signer, url, 'PUT', path, {}, record(`p${i}`, now + 1))));
  return { url, gets, batches, puts };
}

/** The phases of the benchmark, by name; each takes the prepared requests and gives one row. */
export const PHASES = {
  get16: (p: FeatureStoreRequests, c?: LoadClient) => drive('GetRecord', p.url, p.gets, 20_000, 16, c),
  // "Moderate load": the latency a single caller with a couple of requests in flight sees.
  get2: (p: FeatureStoreRequests, c?: LoadClient) => drive('GetRecord', p.url, p.gets, 10_000, 2, c),
  // Between the two, for the latency/throughput curve (bench/featurestore-alone.ts --phases get4,get8).
  get4: (p: FeatureStoreRequests, c?: LoadClient) => drive('GetRecord', p.url, p.gets, 20_000, 4, c),
  get8: (p: FeatureStoreRequests, c?: LoadClient) => drive('GetRecord', p.url, p.gets, 20_000, 8, c),
  batch: (p: FeatureStoreRequests, c?: LoadClient) => drive('BatchGetRecord (100 records)', p.url, p.batches, 1_000, 4, c),
  put: (p: FeatureStoreRequests, c?: LoadClient) => drive('PutRecord (online store)', p.url, p.puts, 5_000, 16, c),
} as const;

export type PhaseName = keyof typeof PHASES;

/** Against a running server and an account's root key: creates an online feature group, ingests 1,000 records, then measures. */
export async function measureFeatureStore(endpoint: string, keys: { accessKeyId: string; secretAccessKey: string }, phases: readonly PhaseName[] = ['get16', 'get2', 'batch', 'put']): Promise<FsRow[]> {
  const prepared = await prepareFeatureStore(endpoint, keys);
  const rows: FsRow[] = [];
  for (const phase of phases) rows.push(await PHASES[phase](prepared));
  return rows;
}
