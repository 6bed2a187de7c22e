import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { Creds } from './s3-objects-helpers.js';

/** An HTTP answer, whole. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A browser form upload with fetch and FormData: the fields in order, then the file. */
export async function postForm(url: string, fields: Record<string, string>, file: { data: string | Buffer; name?: string; type?: string }): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const data = typeof file.data === 'string' ? file.data : new Uint8Array(file.data);
  form.append('file', new Blob([data], { type: file.type ?? 'application/octet-stream' }), file.name ?? 'upload.bin');
  const res = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/**
 * A raw POST of exactly these bytes (chunked when `chunked`, so the server streams it). A server
 * that neither answers nor closes within a minute fails the test rather than hanging it.
 */
export function rawPost(url: string, path: string, body: Buffer | string, headers: Record<string, string> = {}, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
    const req = request({
      host: '127.0.0.1', port: target.port, method: 'POST', path: target.pathname,
      headers: { ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes.length) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v;
        resolve({ status: res.statusCode!, headers: out, body: Buffer.concat(chunks).toString() });
      });
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer to POST ${path} within 60 s`)));
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The `<Error>`'s Code and Message. */
export function errorOf(a: Answer): [string, string] {
  const text = (xml: string) => xml.replace(/&(apos|quot|lt|gt|amp);/g, (_, e: string) => ({ apos: "'", quot: '"', lt: '<', gt: '>', amp: '&' })[e]!);
  return [text(/<Code>([^<]*)<\/Code>/.exec(a.body)?.[1] ?? ''), text(/<Message>([^<]*)<\/Message>/.exec(a.body)?.[1] ?? '')];
}

/** One XML element's text. */
export function elementOf(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** SigV4 of a POST policy, written here from the documentation, independently of the server's code. */
export function signPolicy(secret: string, date: string, policy: string, region = 'us-east-1'): string {
  let key: Buffer | string = 'AWS4' + secret;
  for (const part of [date, region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(policy).digest('hex');
}

/**
 * A signed form made by hand: the fields given, the signature fields, and a policy naming the
 * bucket and every field (each by equality) plus `conditions`.
 */
export function signedForm(
  creds: Creds,
  bucket: string,
  fields: Record<string, string>,
  opts: { conditions?: unknown[]; expiration?: Date; uncovered?: string[]; policy?: string } = {},
): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const signatureFields: Record<string, string> = {
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': `${creds.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`,
    'x-amz-date': amzDate,
    ...(creds.sessionToken ? { 'x-amz-security-token': creds.sessionToken } : {}),
  };
  const all = { ...fields, ...signatureFields };
  const covered = Object.entries(all).filter(([name]) => !opts.uncovered?.includes(name));
  const conditions = [{ bucket }, ...covered.map(([name, value]) => ({ [name]: value })), ...(opts.conditions ?? [])];
  const expiration = (opts.expiration ?? new Date(Date.now() + 3600_000)).toISOString();
  const policy = opts.policy ?? Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');
  return { ...all, policy, 'x-amz-signature': signPolicy(creds.secretAccessKey, amzDate.slice(0, 8), policy) };
}

/** A multipart/form-data body written by hand (for bodies FormData will not make). */
export function multipart(boundary: string, parts: Array<[name: string, value: string, filename?: string]>, close = true): string {
  const body = parts
    .map(([name, value, filename]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`)
    .join('');
  return body + (close ? `--${boundary}--\r\n` : '');
}
