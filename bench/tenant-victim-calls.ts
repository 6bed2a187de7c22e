// Worker thread of the tenant-isolation bench: the victim account's GetCallerIdentity and
// GetRecord, presigned and sent over raw keep-alive connections (bench/http-load.ts) by a fixed
// number of callers, each with one call in flight and starting a call at most every
// `intervalMs` (alternating the two operations). A thread of its own so that neither the
// attacker nor the main thread's SDK probes delay its timers.
//
// Latency is from sending to the whole response. A closed loop sees a server stall only in the
// calls in flight during it, so a stall shows in `max` and in fewer calls answered rather than
// in p99 when it is rare; calls were not counted from a fixed schedule (as wrk2 does) because on
// this shared two-core machine even the baseline cannot always keep a schedule, and then every
// figure grows with the bench's length instead of with the attack.
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawConnection } from './http-load.js';

export interface VictimCallsInput {
  host: string;
  port: number;
  seconds: number;
  /** Callers, each with one call in flight at most. */
  callers: number;
  /** Each caller's schedule: one call every intervalMs, alternating GetCallerIdentity and GetRecord. */
  intervalMs: number;
  /** A call unanswered after this long is counted as a timeout and its connection replaced. */
  timeoutMs: number;
  sts: Uint8Array;
  getRecords: Uint8Array[];
}

export interface CallSamples {
  /** From sending to the whole response (ms). */
  latencies: number[];
  /** Answers other than 200, by status (0: connection failed or timed out). */
  failures: Record<string, number>;
}

export interface VictimCallsOutput {
  sts: CallSamples;
  getRecord: CallSamples;
}

const empty = (): CallSamples => ({ latencies: [], failures: {} });

/** Sends one request; resolves with its status, 0 after a connection failure, -1 after the timeout (the connection is dropped). */
async function call(connection: RawConnection, bytes: Buffer, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), timeoutMs)));
  try {
    return await Promise.race([connection.send(bytes).catch(() => 0), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(input: VictimCallsInput): Promise<VictimCallsOutput> {
  const out: VictimCallsOutput = { sts: empty(), getRecord: empty() };
  const sts = Buffer.from(input.sts);
  const gets = input.getRecords.map((b) => Buffer.from(b));
  const start = performance.now();
  const end = start + input.seconds * 1000;
  await Promise.all(
    Array.from({ length: input.callers }, async (_, caller) => {
      let connection = new RawConnection(input.host, input.port);
      // Callers are spread over the interval so their calls don't land together.
      let next = start + (caller * input.intervalMs) / input.callers;
      for (let i = caller; next < end; i++) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        const isSts = i % 2 === 0;
        const samples = isSts ? out.sts : out.getRecord;
        const sent = performance.now();
        const status = await call(connection, isSts ? sts : gets[i % gets.length]!, input.timeoutMs);
        const done = performance.now();
        samples.latencies.push(done - sent);
        if (status !== 200) {
          const key = status === -1 ? 'timeout' : status === 0 ? 'connection failed' : String(status);
          samples.failures[key] = (samples.failures[key] ?? 0) + 1;
          // A fresh connection: the old one may still deliver the late answer.
          connection.close();
          connection = new RawConnection(input.host, input.port);
        }
        // A late call does not make the next ones hurry: the pace never exceeds one per interval.
        next = Math.max(next + input.intervalMs, done);
      }
      connection.close();
    }),
  );
  return out;
}

if (parentPort) parentPort.postMessage(await run(workerData as VictimCallsInput));
