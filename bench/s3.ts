// S3 object throughput: PutObject and GetObject of 4 KiB and 8 MiB objects through the JS SDK v3,
// against sagelite and moto's server in the same run. Loopback only, bounded in count.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';

export interface S3Row {
  what: string;
  system: string;
  rate: string;
  p50: string;
  p99: string;
  /** Operations per second, for the ratio against the peer. */
  perSecond: number;
}

const SIZES: Array<{ label: string; bytes: number; count: number; concurrency: number }> = [
  { label: '4 KiB', bytes: 4 * 1024, count: 1000, concurrency: 8 },
  { label: '8 MiB', bytes: 8 * 1024 * 1024, count: 40, concurrency: 2 },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(count: number, concurrency: number, call: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const start = performance.now();
        await call(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/**
 * Puts then gets `count` objects of each size. Bodies are Buffers (the SDK signs them whole, so
 * both servers see the same requests); GetObject bodies are read to the end.
 */
export async function s3Throughput(system: string, endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<S3Row[]> {
  const client = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  const bucket = `bench-${Date.now()}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const rows: S3Row[] = [];
  for (const size of SIZES) {
    const body = randomBytes(size.bytes);
    const put = await timed(size.count, size.concurrency, (i) => client.send(new PutObjectCommand({ Bucket: bucket, Key: `o/${size.label}/${i}`, Body: body })));
    const get = await timed(size.count, size.concurrency, async (i) => {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `o/${size.label}/${i}` }));
      const bytes = await out.Body!.transformToByteArray();
      if (bytes.length !== size.bytes) throw new Error(`short read: ${bytes.length}`);
    });
    for (const [op, r] of [['PutObject', put], ['GetObject', get]] as const) {
      const mbps = (r.perSecond * size.bytes) / (1024 * 1024);
      rows.push({
        what: `${op} ${size.label}, JS SDK, ${size.concurrency} in flight, ${size.count} objects`,
        system,
        rate: `${r.perSecond.toFixed(0)} /s (${mbps.toFixed(1)} MiB/s)`,
        p50: `${r.p50.toFixed(2)} ms`,
        p99: `${r.p99.toFixed(2)} ms`,
        perSecond: r.perSecond,
      });
    }
  }
  return rows;
}
