import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Socket } from 'node:net';
import { AwsError } from '../core/errors.js';
import { ResponseBatch } from './response-batch.js';
import type { BodyStream, HttpRequest, HttpResponse } from '../protocols/http.js';

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

/** The peer's address, normalized once per connection (a keep-alive connection carries many requests). */
const peerAddress = Symbol('sagelite.peerAddress');

function sourceAddress(socket: Socket & { [peerAddress]?: string }): string {
  return (socket[peerAddress] ??= normalizeAddress(socket.remoteAddress));
}

/**
 * Statuses that never have a body (RFC 9110 §6.4.1). A 204 must not carry Content-Length
 * (§8.6); a 304's, when sent, is the length of the representation it stands for, so only one the
 * operation set is passed on, never the 0 of the empty body.
 */
function bodiless(status: number): boolean {
  return status === 204 || status === 304 || status < 200;
}

function send(res: ServerResponse, out: HttpResponse): void {
  if (out.body instanceof Readable) {
    const body = out.body;
    try {
      res.statusCode = out.status;
      for (const [k, v] of Object.entries(out.headers)) res.setHeader(k, v);
    } catch (e) {
      // Never sent: let go of what the body holds (GetObject's open file) before the 500.
      body.destroy();
      throw e;
    }
    // A stream that fails midway cannot become an error response any more: cut the connection,
    // so the client sees a short body rather than a complete-looking one.
    pipeline(body, res).catch(() => res.destroy());
    return;
  }
  // One writeHead with a flat list (validated by node as setHeader would) and, for a string
  // body, one write of head and body together: node joins a string body to the head, where a
  // Buffer body goes out as a second buffer of a writev.
  const body = out.body;
  const list: string[] = [];
  const noBody = bodiless(out.status);
  for (const k in out.headers) {
    if (k.toLowerCase() !== 'content-length') list.push(k, out.headers[k]!);
    else if (out.status === 304) list.push(k, out.headers[k]!);
  }
  if (!noBody) list.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length));
  res.writeHead(out.status, list);
  res.end(noBody ? undefined : body);
}

/** The client went away before its request was read whole: nobody to answer, nothing wrong here. */
function clientHungUp(req: IncomingMessage, e: unknown): boolean {
  return !req.complete && (e as { code?: unknown } | null)?.code === 'ECONNRESET' && req.socket.destroyed;
}

/** Bodies above this size (or of unknown size) are left to stream to operations that take streams. */
export const STREAM_THRESHOLD_BYTES = 1024 * 1024;

/**
 * Whether the body is left unread for the pipeline, which reads it only once the caller is
 * known (pipeline.ts #readSignedBody). Any method: a GET or DELETE may carry a body too, and
 * what is read here is read before authentication. Read from the header map already built
 * (node's req.headers would build a second copy).
 */
function shouldStream(headers: Map<string, string[]>, length: string | undefined): boolean {
  if (length === undefined) return headers.has('transfer-encoding');
  return Number(length) > STREAM_THRESHOLD_BYTES;
}

/**
 * The request's body as a BodyStream; the pipeline wraps it with verification. `beforeFirstRead`
 * runs when the body is first asked for: for `Expect: 100-continue`, the interim 100 Continue,
 * which so goes out only once the request is authorized and an operation reads its body.
 */
function bodyStream(req: IncomingMessage, beforeFirstRead?: () => void): BodyStream {
  return {
    [Symbol.asyncIterator]: () => {
      beforeFirstRead?.();
      return (req as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    },
    trailers: new Map(),
  };
}

const NO_BODY = Buffer.alloc(0);

/**
 * How many bytes of small bodies the edge may hold at once before their callers are known.
 * Each is at most {@link STREAM_THRESHOLD_BYTES}, but connections are many: past this budget a
 * body is left to stream like a large one, so the pipeline authenticates from the headers
 * first and reads it only then, within the service's limit.
 */
export const PRE_AUTH_BUFFER_BYTES = 64 * 1024 * 1024;

/** Bytes of bodies read before authentication and still held, against a fixed budget. */
export class PreAuthBudget {
  #held = 0;
  constructor(readonly limit: number) {}

  /** Takes `bytes` from the budget if they fit; the caller gives them back with {@link give}. */
  take(bytes: number): boolean {
    if (this.#held + bytes > this.limit) return false;
    this.#held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#held -= bytes;
  }

  get held(): number {
    return this.#held;
  }
}

/**
 * A body small enough to hold, read whole: its declared Content-Length is at most
 * {@link STREAM_THRESHOLD_BYTES}, which is all an unauthenticated caller can make the server
 * hold (node's parser never delivers more than Content-Length). A request without
 * Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3): it is answered without
 * waiting for one.
 */
function readSmallBody(req: IncomingMessage, headers: Map<string, string[]>, limit: number): Promise<Buffer> {
  const length = headers.get('content-length')?.[0];
  if ((length === undefined || length === '0') && !headers.has('transfer-encoding')) return Promise.resolve(NO_BODY);
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void parts.push(chunk);
      req.off('data', onData);
      req.pause();
      reject(new AwsError('RequestEntityTooLarge', 413, `The request body is larger than ${limit} bytes.`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)));
    req.once('error', reject);
  });
}

/**
 * The node:http edge: turns each request into an {@link HttpRequest} (raw path and query kept
 * exactly as sent, for SigV4) and writes back what the handler answers. It never throws at a
 * client: a failure past the handler is logged and answered 500.
 */
export function createHttpServer(
  handle: (req: HttpRequest) => Promise<HttpResponse>,
  opts: { maxBodyBytes: number; log: Logger; preAuthBufferBytes?: number },
): Server {
  const budget = new PreAuthBudget(opts.preAuthBufferBytes ?? PRE_AUTH_BUFFER_BYTES);
  const failed = (res: ServerResponse, e: unknown) => {
    opts.log.error({ err: e }, 'unhandled failure at the HTTP edge');
    try {
      if (!res.headersSent) return send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'InternalFailure' });
    } catch {
      // The 500 itself could not be written: cutting the connection is the only answer left.
    }
    res.destroy();
  };
  // Whole responses are written together at the end of the loop turn (response-batch.ts); a
  // streamed one starts at once, since its body is written as it is read.
  const batch = new ResponseBatch();
  /** `expectsContinue`: the client sent `Expect: 100-continue` and waits for the interim answer before the body. */
  const onRequest = async (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    let taken = 0;
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const headers = headerMap(req.rawHeaders);
      const length = headers.get('content-length')?.[0];
      const declared = Number(length ?? 0) || 0;
      let streamed = shouldStream(headers, length);
      if (!streamed && declared > 0) {
        if (budget.take(declared)) taken = declared;
        else streamed = true;
      }
      let continued = false;
      const sendContinue = () => {
        if (!expectsContinue || continued || res.headersSent) return;
        continued = true;
        res.writeContinue();
      };
      // A small body is read before the handler sees the request (SigV4 hashes it): it is asked for now.
      if (!streamed) sendContinue();
      const body = streamed ? NO_BODY : await readSmallBody(req, headers, Math.min(opts.maxBodyBytes, STREAM_THRESHOLD_BYTES));
      const out = await handle({
        method: req.method ?? 'GET',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers,
        body,
        ...(streamed ? { stream: bodyStream(req, sendContinue) } : {}),
        sourceIp: sourceAddress(req.socket),
        secure: 'encrypted' in req.socket && req.socket.encrypted === true,
      });
      if (streamed && !req.complete) {
        // Answered before the upload was read (a refusal): don't read on, don't reuse the connection.
        out.headers['connection'] = 'close';
        res.once('finish', () => req.destroy());
      }
      if (out.body instanceof Readable) return send(res, out);
      batch.add(
        () => send(res, out),
        (e) => failed(res, e),
      );
    } catch (e) {
      if (e instanceof AwsError && e.code === 'RequestEntityTooLarge') {
        send(res, { status: 413, headers: { 'content-type': 'text/plain', connection: 'close' }, body: 'Request body too large' });
        res.once('finish', () => req.destroy());
        return;
      }
      if (clientHungUp(req, e)) return void opts.log.debug({ err: e }, 'client closed the connection during its request');
      failed(res, e);
    } finally {
      budget.give(taken);
    }
  };
  const server = createServer((req, res) => void onRequest(req, res, false));
  // Node answers `Expect: 100-continue` with 100 at once, before anything is known of the request,
  // and any other expectation with 417. S3 sends 100 only to a request it will read, and ignores
  // expectations it does not know: so both come here.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => void onRequest(req, res, true));
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => void onRequest(req, res, false));
  server.keepAliveTimeout = 65_000;
  return server;
}
