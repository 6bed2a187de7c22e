// Benchmarks: `npm run bench`. Prints a table; results go to docs/BENCHMARKS.md by hand, with the
// machine and date. Loopback only, bounded in count.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SigningKeyCache } from '../src/auth/sigv4/signing-key.js';
import { verifyRequest } from '../src/auth/sigv4/verify.js';
import { OffsetClock } from '../src/core/clock.js';
import { createAccount, ServerProcess } from '../test/e2e/harness.js';
// The policy rows also time iam-simulate, a dev-only AGPL-3.0 oracle (devDependency; see bench/policy.ts).
import { policyThroughput } from './policy.js';
import { s3Throughput, type S3Row } from './s3.js';
import { featureStoreThroughput } from './featurestore.js';
import { athenaPeerRow, athenaThroughput } from './athena.js';

const REQUESTS = 3000;
const CONCURRENCY = 16;

interface Row {
  what: string;
  system: string;
  rate: string;
  p50: string;
  p99: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function verifierThroughput(): Promise<Row> {
  const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: creds, sha256: Sha256 });
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', hostname: '127.0.0.1', path: '/', headers: { host: '127.0.0.1:4566', 'content-type': 'application/x-www-form-urlencoded' }, body }),
  );
  const headers = new Map(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), [v]]));
  const req = { method: 'POST', rawPath: '/', rawQuery: '', headers, body: Buffer.from(body) };
  const opts = { clock: new OffsetClock(), s3: false, service: 'sts', keys: new SigningKeyCache(), lookup: () => ({ secretAccessKey: creds.secretAccessKey }) };
  const n = 50_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) verifyRequest(req, opts);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { what: 'SigV4 verify (in process)', system: 'sagelite', rate: `${Math.round(n / s)} /s`, p50: `${((s / n) * 1e6).toFixed(1)} µs mean`, p99: '-' };
}

async function drive(what: string, system: string, call: () => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < 50; i++) await call();
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const start = performance.now();
        await call();
        latencies.push(performance.now() - start);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { what, system, rate: `${Math.round(REQUESTS / s)} req/s`, p50: `${percentile(latencies, 50).toFixed(2)} ms`, p99: `${percentile(latencies, 99).toFixed(2)} ms` };
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const stsCall = (endpoint: string, credentials: Creds) => {
  const client = new STSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  return () => client.send(new GetCallerIdentityCommand({}));
};
const getRoleCall = (endpoint: string, credentials: Creds) => {
  const client = new IAMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  return () => client.send(new GetRoleCommand({ RoleName: 'bench-role' }));
};

/**
 * A role whose session may call iam:GetRole through an attached AWS managed policy and an inline
 * policy: every call resolves the session, gathers the role's policies and evaluates them.
 */
async function roleSession(endpoint: string, root: Creds): Promise<Creds> {
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: root, maxAttempts: 1 });
  const account = (await new STSClient({ endpoint, region: 'us-east-1', credentials: root }).send(new GetCallerIdentityCommand({}))).Account!;
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: trust }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'bench-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench-role', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }] }) }));
  await iam.send(new CreateUserCommand({ UserName: 'bench-user' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'bench-user', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-user' }))).AccessKey!;
  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/bench-role`, RoleSessionName: 'bench' }));
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
}

async function startMoto(port: number): Promise<ChildProcess> {
  // moto loads AWS managed policies only when asked to.
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/moto-api/`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('moto server did not start');
}

const rows: Row[] = [await verifierThroughput(), ...(await policyThroughput()), ...(await featureStoreThroughput()), ...(await athenaThroughput())];
const CALLS = `JS SDK, ${CONCURRENCY} in flight, ${REQUESTS} calls`;
const s3Rows: S3Row[] = [];
const server = await ServerProcess.start();
try {
  const keys = createAccount(server.dataDir);
  rows.push(await drive(`GetCallerIdentity, ${CALLS}`, 'sagelite (SigV4 verified)', stsCall(server.url, keys)));
  const session = await roleSession(server.url, keys);
  rows.push(await drive(`iam:GetRole as a role session, ${CALLS}`, 'sagelite (SigV4 + policy evaluation)', getRoleCall(server.url, session)));
  s3Rows.push(...(await s3Throughput('sagelite', server.url, keys)));
} finally {
  await server.stop();
}
try {
  const moto = await startMoto(45_123);
  try {
    const motoUrl = 'http://127.0.0.1:45123';
    const motoKeys = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) };
    rows.push(await drive(`GetCallerIdentity, ${CALLS}`, 'moto server (no auth check)', stsCall(motoUrl, motoKeys)));
    const session = await roleSession(motoUrl, motoKeys);
    rows.push(await drive(`iam:GetRole as a role session, ${CALLS}`, 'moto server (no auth check)', getRoleCall(motoUrl, session)));
    s3Rows.push(...(await s3Throughput('moto server (no auth check)', motoUrl, motoKeys)));
    rows.push(await athenaPeerRow(motoUrl, motoKeys));
  } finally {
    moto.kill();
  }
} catch (e) {
  rows.push({ what: 'moto server', system: `not run: ${(e as Error).message}`, rate: '-', p50: '-', p99: '-' });
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`);
console.log('| benchmark | system | rate | p50 | p99 |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.system} | ${r.rate} | ${r.p50} | ${r.p99} |`);
// S3 rows, each sagelite figure with its ratio to moto's on the same benchmark.
for (const r of s3Rows) {
  const peer = s3Rows.find((p) => p.what === r.what && p !== r && r.system === 'sagelite');
  const ratio = peer ? ` (${(r.perSecond / peer.perSecond).toFixed(2)}× moto)` : '';
  console.log(`| ${r.what} | ${r.system}${ratio} | ${r.rate} | ${r.p50} | ${r.p99} |`);
}
