import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import type { Server } from 'node:http';
import type { HttpRequest, HttpResponse } from '../protocols/http.js';
import { createHttpServer } from './http-server.js';

/** One parsed HTTP/1.1 response off a raw socket. */
interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/**
 * Reads `count` responses from a raw socket. Every test response carries Content-Length (or is
 * bodiless by its status or method), so no chunked decoding is needed.
 */
async function readResponses(socket: Socket, count: number, methods: readonly string[]): Promise<RawResponse[]> {
  let buffered = Buffer.alloc(0);
  const out: RawResponse[] = [];
  const parse = (): boolean => {
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
    const headers = new Map<string, string>();
    for (const l of lines) headers.set(l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim());
    const status = Number(statusLine!.split(' ')[1]);
    const bodiless = methods[out.length] === 'HEAD' || status === 204 || status === 304;
    const length = bodiless ? 0 : Number(headers.get('content-length') ?? 0);
    if (buffered.length < end + 4 + length) return false;
    out.push({ status, headers, body: buffered.subarray(end + 4, end + 4 + length).toString('utf8') });
    buffered = buffered.subarray(end + 4 + length);
    return true;
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (out.length < count && parse());
  });
  const deadline = Date.now() + 5_000;
  while (out.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${out.length} of ${count} responses arrived`);
    if (socket.destroyed) throw new Error(`socket closed after ${out.length} of ${count} responses`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CHUNK = Buffer.alloc(64 * 1024, 97);
const BIG = 32 * 1024 * 1024;
/** Bytes the /big body stream has produced so far. */
let produced = 0;

describe('HTTP edge (response batching): ordering, hang-ups, bodiless answers, failed writes', () => {
  let server: Server;
  let port: number;
  const errors: string[] = [];
  const streams: Readable[] = [];
  /** Resolved by a test to let a /gate request answer. */
  let openGate: () => void = () => undefined;
  let gateReached: Promise<void> = Promise.resolve();

  const handle = async (req: HttpRequest): Promise<HttpResponse> => {
    const text = { 'content-type': 'text/plain' };
    switch (req.rawPath) {
      case '/slow':
        await sleep(40);
        return { status: 200, headers: text, body: 'slow' };
      case '/fast':
        return { status: 200, headers: text, body: 'fast' };
      case '/stream': {
        const body = Readable.from([Buffer.from('stre'), Buffer.from('amed')]);
        return { status: 200, headers: { ...text, 'content-length': '8' }, body };
      }
      case '/head':
        return { status: 200, headers: { 'content-length': '1234', etag: '"e"' }, body: Readable.from([]) };
      case '/no-content':
        return { status: 204, headers: {}, body: '' };
      case '/not-modified':
        return { status: 304, headers: { etag: '"e"' }, body: '' };
      case '/bad-header':
        return { status: 200, headers: { 'x-bad': 'a\nb' }, body: 'never sent' };
      case '/bad-header-stream': {
        const body = new Readable({ read() { this.push('x'); } });
        streams.push(body);
        return { status: 200, headers: { 'x-bad': 'a\nb' }, body };
      }
      case '/big': {
        let left = BIG;
        const body = new Readable({
          read() {
            if (left === 0) return void this.push(null);
            const n = Math.min(CHUNK.length, left);
            left -= n;
            produced += n;
            this.push(CHUNK.subarray(0, n));
          },
        });
        return { status: 200, headers: { 'content-length': String(BIG) }, body };
      }
      case '/breaks': {
        const body = Readable.from((async function* () {
          yield Buffer.from('first part');
          await sleep(10);
          throw new Error('disk went away');
        })());
        return { status: 200, headers: { 'content-length': '100' }, body };
      }
      case '/gate': {
        let reached!: () => void;
        gateReached = new Promise((r) => (reached = r));
        await new Promise<void>((r) => {
          openGate = r;
          reached();
        });
        return { status: 200, headers: text, body: 'late' };
      }
      default:
        return { status: 404, headers: text, body: 'no' };
    }
  };

  before(async () => {
    const log = pino({ level: 'warn' }, { write: (line: string) => void errors.push(line) });
    server = createHttpServer(handle, { maxBodyBytes: 1024, log });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const open = async () => {
    const s = connect(port, '127.0.0.1');
    await once(s, 'connect');
    return s;
  };
  const get = (path: string, method = 'GET') => `${method} ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

  it('answers pipelined requests on one connection in request order, batched and streamed alike', async () => {
    const s = await open();
    const paths = ['/slow', '/stream', '/fast', '/slow', '/fast'];
    s.write(paths.map((p) => get(p)).join(''));
    const responses = await readResponses(s, paths.length, paths.map(() => 'GET'));
    assert.deepEqual(responses.map((r) => r.body), ['slow', 'streamed', 'fast', 'slow', 'fast']);
    s.destroy();
  });

  it('HEAD keeps the operation\'s Content-Length and sends no body; the next pipelined answer is intact', async () => {
    const s = await open();
    s.write(get('/head', 'HEAD') + get('/fast'));
    const [head, next] = await readResponses(s, 2, ['HEAD', 'GET']);
    assert.equal(head!.status, 200);
    assert.equal(head!.headers.get('content-length'), '1234');
    assert.equal(next!.body, 'fast');
    s.destroy();
  });

  it('204 carries no Content-Length (RFC 9110 §8.6) and 304 no made-up one; neither has a body', async () => {
    const s = await open();
    s.write(get('/no-content') + get('/not-modified') + get('/fast'));
    const [noContent, notModified, next] = await readResponses(s, 3, ['GET', 'GET', 'GET']);
    assert.equal(noContent!.status, 204);
    assert.equal(noContent!.headers.has('content-length'), false);
    assert.equal(noContent!.headers.has('transfer-encoding'), false);
    assert.equal(notModified!.status, 304);
    assert.equal(notModified!.headers.has('content-length'), false, 'a 304 Content-Length would claim a 0-byte representation');
    assert.equal(notModified!.headers.get('etag'), '"e"');
    assert.equal(next!.body, 'fast');
    s.destroy();
  });

  it('a write that throws is answered 500 exactly once and the connection goes on', async () => {
    errors.length = 0;
    const s = await open();
    s.write(get('/bad-header') + get('/fast'));
    const [failed, next] = await readResponses(s, 2, ['GET', 'GET']);
    assert.equal(failed!.status, 500);
    assert.equal(failed!.body, 'InternalFailure');
    assert.equal(next!.status, 200, 'the second response is the next request\'s, not a second 500');
    assert.equal(next!.body, 'fast');
    assert.equal(errors.filter((l) => l.includes('unhandled failure')).length, 1);
    s.destroy();
  });

  it('a streamed answer whose headers cannot be written is answered 500 and its body stream released', async () => {
    const s = await open();
    s.write(get('/bad-header-stream'));
    const [failed] = await readResponses(s, 1, ['GET']);
    assert.equal(failed!.status, 500);
    await sleep(10);
    assert.equal(streams.at(-1)!.destroyed, true, 'the unsent body (an open file for GetObject) must not be left open');
    s.destroy();
  });

  it('a client that hangs up before its answer is written: nothing thrown or logged, the server serves on', async () => {
    errors.length = 0;
    const s = await open();
    s.write(get('/gate'));
    await gateReached;
    s.destroy();
    await sleep(20);
    openGate();
    await sleep(20);
    assert.deepEqual(errors, []);
    const again = await open();
    again.write(get('/fast'));
    assert.equal((await readResponses(again, 1, ['GET']))[0]!.body, 'fast');
    again.destroy();
  });

  it('a streamed answer to a client that does not read is read from its source only as fast as it is sent', async () => {
    produced = 0;
    const s = await open();
    s.pause();
    s.write(get('/big'));
    await sleep(300);
    assert.ok(produced < 12 * 1024 * 1024, `${produced} bytes read ahead of a paused client`);
    let received = 0;
    s.on('data', (c: Buffer) => void (received += c.length));
    s.resume();
    const deadline = Date.now() + 10_000;
    while (received < BIG && Date.now() < deadline) await sleep(10);
    assert.ok(received > BIG, 'the whole body (and its head) arrives once the client reads');
    assert.equal(produced, BIG);
    s.destroy();
  });

  it('a streamed body that fails midway cuts the connection: a short body, never a second status line', async () => {
    const s = await open();
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => void chunks.push(c));
    s.write(get('/breaks') + get('/fast'));
    await once(s, 'close');
    const text = Buffer.concat(chunks).toString('latin1');
    assert.match(text, /^HTTP\/1\.1 200 /);
    assert.equal(text.split('HTTP/1.1 ').length - 1, 1, text);
    assert.ok(text.endsWith('first part'));
  });

  it('a client that hangs up in the middle of its request body is not logged as a server failure', async () => {
    errors.length = 0;
    const s = await open();
    s.write('POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b');
    await sleep(20);
    s.destroy();
    await sleep(50);
    assert.deepEqual(errors, []);
  });
});
