import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsError } from '../core/errors.js';
import type { BodyStream, HttpRequest, HttpResponse } from '../protocols/http.js';
import { readWhole } from './body.js';

/** Header values by lower-case name, duplicates kept in order (SigV4 joins them with commas). */
export function headerMap(raw: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(raw[i + 1]!);
    else headers.set(name, [raw[i + 1]!]);
  }
  return headers;
}

/** `::ffff:127.0.0.1` is how an IPv4 peer looks on a dual-stack socket; policies name it as IPv4. */
function normalizeAddress(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function send(res: ServerResponse, out: HttpResponse): void {
  res.statusCode = out.status;
  for (const [k, v] of Object.entries(out.headers)) res.setHeader(k, v);
  if (out.body instanceof Readable) {
    // A stream that fails midway cannot become an error response any more: cut the connection,
    // so the client sees a short body rather than a complete-looking one.
    pipeline(out.body, res).catch(() => res.destroy());
    return;
  }
  const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
  res.setHeader('content-length', body.length);
  res.end(body);
}

/** Bodies above this size (or of unknown size) are left to stream to operations that take streams. */
export const STREAM_THRESHOLD_BYTES = 1024 * 1024;

function shouldStream(req: IncomingMessage): boolean {
  if (req.method !== 'PUT' && req.method !== 'POST') return false;
  const length = req.headers['content-length'];
  if (length === undefined) return req.headers['transfer-encoding'] !== undefined;
  return Number(length) > STREAM_THRESHOLD_BYTES;
}

/** The request's body as a BodyStream; the pipeline wraps it with verification. */
function bodyStream(req: IncomingMessage): BodyStream {
  return { [Symbol.asyncIterator]: () => (req as AsyncIterable<Buffer>)[Symbol.asyncIterator](), trailers: new Map() };
}

/**
 * The node:http edge: turns each request into an {@link HttpRequest} (raw path and query kept
 * exactly as sent, for SigV4) and writes back what the handler answers. It never throws at a
 * client: a failure past the handler is logged and answered 500.
 */
export function createHttpServer(handle: (req: HttpRequest) => Promise<HttpResponse>, opts: { maxBodyBytes: number; log: Logger }): Server {
  const server = createServer(async (req, res) => {
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const streamed = shouldStream(req);
      const body = streamed ? Buffer.alloc(0) : await readWhole(bodyStream(req), opts.maxBodyBytes);
      const out = await handle({
        method: req.method ?? 'GET',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers: headerMap(req.rawHeaders),
        body,
        ...(streamed ? { stream: bodyStream(req) } : {}),
        sourceIp: normalizeAddress(req.socket.remoteAddress),
        secure: 'encrypted' in req.socket && req.socket.encrypted === true,
      });
      if (streamed && !req.complete) {
        // Answered before the upload was read (a refusal): don't read on, don't reuse the connection.
        out.headers['connection'] = 'close';
        res.once('finish', () => req.destroy());
      }
      send(res, out);
    } catch (e) {
      if (e instanceof AwsError && e.code === 'RequestEntityTooLarge') {
        send(res, { status: 413, headers: { 'content-type': 'text/plain', connection: 'close' }, body: 'Request body too large' });
        res.once('finish', () => req.destroy());
        return;
      }
      opts.log.error({ err: e }, 'unhandled failure at the HTTP edge');
      if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'InternalFailure' });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
