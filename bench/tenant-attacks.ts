// Worker thread of the tenant-isolation bench: one attack by the attacker account, bounded in
// time (until `deadline`, a Date.now() value) and in count, loopback only. Every refusal, error
// or cut connection is an outcome to count, never a failure of the bench: the attack is expected
// to be refused once the server defends itself.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { IAMClient, SimulateCustomPolicyCommand } from '@aws-sdk/client-iam';
import { RawConnection } from './http-load.js';
import { signedHeaders, signedRequestBytes, signer, type Keys } from './tenant-signing.js';

export type AttackName = 'big-bodies' | 'huge-chunk' | 'simulate-policy' | 'athena-queries' | 'offline-backlog' | 'athena-strings';

export interface AttackInput {
  attack: AttackName;
  url: string;
  keys: Keys;
  deadline: number;
  /** The attacker's bucket for PutObject (huge-chunk) and Athena results. */
  bucket: string;
  /** The attacker's feature group whose role cannot write its offline store (offline-backlog). */
  backlogGroup: string;
}

export interface AttackOutput {
  /** Requests (or queries) started. */
  attempts: number;
  /** What became of them, by outcome. */
  outcomes: Record<string, number>;
  /** Body bytes written to the server's sockets (the big-body attacks). */
  bytesSent: number;
}

const MiB = 1024 * 1024;
/** Once the server refuses an attack at once, its loops would spin: each attack stops after this many tries. */
const MAX_REFUSED_TRIES = 500;
const JUNK = Buffer.alloc(MiB, 'x');

class Tally {
  attempts = 0;
  bytesSent = 0;
  readonly outcomes: Record<string, number> = {};
  add(outcome: string, n = 1): void {
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + n;
  }
}

const errorName = (e: unknown) => (e as { name?: string; code?: string }).code ?? (e as { name?: string }).name ?? 'Error';

/**
 * Sends `head`, then `junkBytes` of junk, then `tail` over a connection of its own, as fast as
 * the server reads; resolves with what happened: the answer's status (noting when it came before
 * the body was sent whole), the connection cut by the server, or still going at the deadline.
 */
function streamJunk(url: URL, head: Buffer, junkBytes: number, tail: Buffer, deadline: number, tally: Tally): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let sent = 0;
    let settled = false;
    const finish = (outcome: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('still sending or waiting at the phase end'), Math.max(0, deadline - Date.now()));
    socket.on('data', (d: Buffer) => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1', 0, 12))?.[1] ?? 'unparsable answer';
      finish(sent < junkBytes ? `${status} before the body was sent whole` : status);
    });
    socket.on('error', (e) => finish(`connection ${errorName(e)} ${sent < junkBytes ? 'before the body was sent whole' : 'after the body'}`));
    socket.on('close', () => finish(sent < junkBytes ? 'closed by the server before the body was sent whole' : 'closed by the server without an answer'));
    const pump = () => {
      while (!settled && sent < junkBytes) {
        const n = Math.min(JUNK.length, junkBytes - sent);
        sent += n;
        tally.bytesSent += n;
        if (sent === junkBytes) socket.write(Buffer.concat([JUNK.subarray(0, n), tail]));
        else if (!socket.write(n === JUNK.length ? JUNK : JUNK.subarray(0, n))) return void socket.once('drain', pump);
      }
    };
    socket.write(head);
    pump();
  });
}

/** Runs `lanes` loops of `once` until the deadline; each lane starts the next try when its last one ended. */
async function lanes(n: number, deadline: number, tally: Tally, once: (i: number, lane: number) => Promise<string>, maxAttempts = Infinity): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async (_, lane) => {
      while (Date.now() < deadline && tally.attempts < maxAttempts) {
        const i = tally.attempts++;
        tally.add(await once(i, lane).catch((e: unknown) => `error ${errorName(e)}`));
      }
    }),
  );
}

/** 1. POSTs declaring 256 MiB bodies of junk to non-S3 services: unsigned (SageMaker JSON target) or wrongly signed (STS query). */
async function bigBodies(input: AttackInput, tally: Tally): Promise<void> {
  const url = new URL(input.url);
  const size = 256 * MiB;
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const heads = [
    `POST / HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: SageMaker.ListFeatureGroups\r\ncontent-length: ${size}\r\n\r\n`,
    `POST / HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/x-www-form-urlencoded\r\nx-amz-date: ${date}\r\n` +
      `authorization: AWS4-HMAC-SHA256 Credential=${input.keys.accessKeyId}/${date.slice(0, 8)}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}\r\n` +
      `content-length: ${size}\r\n\r\n`,
  ].map((h) => Buffer.from(h, 'latin1'));
  await lanes(4, input.deadline, tally, (i) => streamJunk(url, heads[i % 2]!, size, Buffer.alloc(0), input.deadline, tally), MAX_REFUSED_TRIES);
}

/** 2. S3 PutObject signed as the attacker, aws-chunked, whose one chunk declares 128 MiB (its chunk signature is junk too). */
async function hugeChunk(input: AttackInput, tally: Tally): Promise<void> {
  const url = new URL(input.url);
  const size = 128 * MiB;
  const chunkHead = `${size.toString(16)};chunk-signature=${'0'.repeat(64)}\r\n`;
  const tail = Buffer.from(`\r\n0;chunk-signature=${'0'.repeat(64)}\r\n\r\n`, 'latin1');
  const v4 = signer('s3', input.keys);
  await lanes(2, input.deadline, tally, async (i) => {
    const length = Buffer.byteLength(chunkHead) + size + tail.length;
    const headers = await signedHeaders(v4, url, {
      method: 'PUT',
      path: `/${input.bucket}/huge-chunk-${i}`,
      headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(size), 'content-length': String(length) },
    });
    let head = `PUT /${input.bucket}/huge-chunk-${i} HTTP/1.1\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    return streamJunk(url, Buffer.from(`${head}\r\n${chunkHead}`, 'latin1'), size, tail, input.deadline, tally);
  }, MAX_REFUSED_TRIES);
}

/** A policy of as many statements as fit IAM's 131,072-character policy document, each with wildcards and a condition. */
export function hugePolicy(): string {
  const statement = (i: number) => ({
    Sid: `S${i}`,
    Effect: i % 9 === 0 ? 'Deny' : 'Allow',
    Action: [`s3:Get*`, `s3:Put${i % 7}*`, `s3:*Object${i % 5}`],
    Resource: [`arn:aws:s3:::bucket-${i}-*/*`, `arn:aws:s3:::*-${i}/key-*`],
    Condition: { StringLike: { 'aws:PrincipalTag/team': [`t${i}*`, `*-${i}`] } },
  });
  const statements = [];
  for (let i = 0; ; i++) {
    statements.push(statement(i));
    if (JSON.stringify({ Version: '2012-10-17', Statement: statements }).length > 131_072) break;
  }
  statements.pop();
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** 3. SimulateCustomPolicy with the largest policy IAM takes and 500 resource ARNs, 4 at once. */
async function simulatePolicy(input: AttackInput, tally: Tally): Promise<void> {
  const iam = new IAMClient({ endpoint: input.url, region: 'us-east-1', credentials: input.keys, maxAttempts: 1 });
  const policy = hugePolicy();
  const ResourceArns = Array.from({ length: 500 }, (_, i) => `arn:aws:s3:::bucket-${i}-x/key-${i}`);
  const ActionNames = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectAcl', 's3:PutObjectTagging'];
  const stop = setTimeout(() => iam.destroy(), Math.max(0, input.deadline - Date.now()));
  try {
    await lanes(4, input.deadline, tally, async () => {
      const out = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames, ResourceArns, MaxItems: 1000 }));
      return `answered (${out.EvaluationResults?.length ?? 0} results${out.IsTruncated ? ', truncated' : ''})`;
    }, MAX_REFUSED_TRIES);
  } finally {
    clearTimeout(stop);
    iam.destroy();
  }
}

/** A query that runs for minutes unless stopped: an aggregate over a cross join of two 100,000-element sequences. */
export const LONG_QUERY = 'SELECT count(*) AS n, sum(a.x * b.y) AS s FROM unnest(sequence(1, 100000)) AS a(x) CROSS JOIN unnest(sequence(1, 100000)) AS b(y)';

/**
 * Keeps `lanes` Athena queries of `sql` going (at most 64 in all) until the deadline, polling each
 * every `pollMs`; each lane's outcome is `outcome(status)` once its query ends by itself. At the
 * deadline every query still going is stopped.
 */
async function keepQueriesGoing(input: AttackInput, tally: Tally, lanesCount: number, sql: string, pollMs: number, outcome: (status: { State?: string; StateChangeReason?: string }) => string): Promise<void> {
  const athena = new AthenaClient({ endpoint: input.url, region: 'us-east-1', credentials: input.keys, maxAttempts: 1 });
  const live = new Set<string>();
  try {
    await lanes(lanesCount, input.deadline, tally, async () => {
      const { QueryExecutionId: id } = await athena.send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: `s3://${input.bucket}/athena/` } }));
      live.add(id!);
      while (Date.now() < input.deadline) {
        const status = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status ?? {};
        if (status.State !== 'QUEUED' && status.State !== 'RUNNING') {
          live.delete(id!);
          return outcome(status);
        }
        await sleep(pollMs);
      }
      return 'still running at the phase end (stopped)';
    }, 64);
  } finally {
    for (const id of live) await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
    athena.destroy();
  }
}

/** 4. Keeps 8 long Athena queries started; at the deadline stops every one still going. */
const athenaQueries = (input: AttackInput, tally: Tally) => keepQueriesGoing(input, tally, 8, LONG_QUERY, 250, (s) => `${s.State} by itself`);

/** 780 MB of strings built by concatenation, which DuckDB's memory_limit does not count. */
export const STRING_QUERY = `SELECT length(${Array(13).fill('a').join(' || ')}), length(${Array(13).fill('b').join(' || ')}) FROM (SELECT lpad('', 30000000, 'x') AS a, lpad('', 30000000, 'y') AS b)`;

/** 6. Keeps 2 string-building Athena queries going, each to its end. */
const athenaStrings = (input: AttackInput, tally: Tally) =>
  keepQueriesGoing(input, tally, 2, STRING_QUERY, 100, (s) => `${s.State}${s.StateChangeReason ? ` (${s.StateChangeReason.split(':')[0]})` : ''}`);

/** 5. PutRecord into the attacker's group whose role cannot write its offline store: 40,000 records at most, 16 in flight. */
async function offlineBacklog(input: AttackInput, tally: Tally): Promise<void> {
  const url = new URL(input.url);
  const v4 = signer('sagemaker', input.keys);
  const now = Math.floor(Date.now() / 1000);
  const connections = Array.from({ length: 16 }, () => new RawConnection(url.hostname, Number(url.port)));
  await lanes(16, input.deadline, tally, async (i, lane) => {
    const connection = connections[lane]!;
    const body = JSON.stringify({ Record: [{ FeatureName: 'id', ValueAsString: `a${i}` }, { FeatureName: 'ts', ValueAsString: String(now) }, { FeatureName: 'payload', ValueAsString: 'x'.repeat(200) }] });
    const bytes = await signedRequestBytes(v4, url, { method: 'PUT', path: `/FeatureGroup/${input.backlogGroup}`, headers: { 'content-type': 'application/json' }, body });
    return `PutRecord ${await connection.send(bytes)}`;
  }, 40_000);
  for (const c of connections) c.close();
}

const ATTACKS: Record<AttackName, (input: AttackInput, tally: Tally) => Promise<void>> = {
  'big-bodies': bigBodies,
  'huge-chunk': hugeChunk,
  'simulate-policy': simulatePolicy,
  'athena-queries': athenaQueries,
  'offline-backlog': offlineBacklog,
  'athena-strings': athenaStrings,
};

async function run(input: AttackInput): Promise<AttackOutput> {
  const tally = new Tally();
  try {
    await ATTACKS[input.attack](input, tally);
  } catch (e) {
    tally.add(`attack stopped by ${errorName(e)}: ${(e as Error).message}`);
  }
  return { attempts: tally.attempts, outcomes: tally.outcomes, bytesSent: tally.bytesSent };
}

if (parentPort) parentPort.postMessage(await run(workerData as AttackInput));
