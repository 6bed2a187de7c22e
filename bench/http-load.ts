// A minimal HTTP/1.1 keep-alive client for load generation: each connection sends one prepared
// request's bytes, reads the status line, the headers and a Content-Length (or chunked) body,
// and only then sends the next — no pipelining, so every request is a full round trip. It
// exists because node:http's client costs more CPU per request than the server under test
// (~120 µs against ~200 µs), and the two share this machine's two cores.
import { connect, type Socket } from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

/** A request serialized once, sent as is. */
export function requestBytes(method: string, path: string, headers: Record<string, string>, body?: string): Buffer {
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'content-length') head += `${k}: ${v}\r\n`;
  if (body !== undefined) head += `content-length: ${payload.length}\r\n`;
  return Buffer.concat([Buffer.from(head + '\r\n', 'latin1'), payload]);
}

interface Pending {
  resolve(status: number): void;
  reject(e: Error): void;
}

/** How far a response has been read. */
interface ResponseState {
  status: number;
  /** Bytes of body still to come; -1 for a chunked body. */
  remaining: number;
}

/** One keep-alive connection; `send` resolves with the response's status once its body has been read whole. */
export class RawConnection {
  #socket: Socket | undefined;
  #pending: Pending | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #response: ResponseState | undefined;

  constructor(private readonly host: string, private readonly port: number) {}

  send(bytes: Buffer): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#connected().write(bytes);
    });
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #connected(): Socket {
    if (this.#socket) return this.#socket;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (d: Buffer) => this.#onData(d));
    socket.on('error', (e) => this.#fail(e));
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
      this.#fail(new Error('connection closed by the server'));
    });
    this.#socket = socket;
    return socket;
  }

  #fail(e: Error): void {
    const p = this.#pending;
    this.#pending = undefined;
    this.#buffer = Buffer.alloc(0);
    this.#response = undefined;
    p?.reject(e);
  }

  #onData(d: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? d : Buffer.concat([this.#buffer, d]);
    if (!this.#response) {
      const end = this.#buffer.indexOf(HEADER_END);
      if (end < 0) return;
      const head = this.#buffer.toString('latin1', 0, end);
      this.#buffer = this.#buffer.subarray(end + 4);
      const status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
      this.#response = { status, remaining: length ? Number(length[1]) : chunked ? -1 : 0 };
    }
    const r = this.#response;
    if (r.remaining >= 0) {
      if (this.#buffer.length < r.remaining) return;
      this.#buffer = this.#buffer.subarray(r.remaining);
    } else {
      // Chunked: done at the terminating zero-length chunk (no trailers expected).
      const end = this.#buffer.indexOf('\r\n0\r\n\r\n');
      if (end < 0 && !this.#buffer.subarray(0, 5).equals(Buffer.from('0\r\n\r\n'))) return;
      this.#buffer = Buffer.alloc(0);
    }
    this.#response = undefined;
    const p = this.#pending;
    this.#pending = undefined;
    p?.resolve(r.status);
  }
}
