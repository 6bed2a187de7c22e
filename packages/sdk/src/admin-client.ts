import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AdminClientOptions {
  /** The server's URL, e.g. http://127.0.0.1:4566. */
  endpoint: string;
  /** The operator key from `<data-dir>/operator.json`. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * Milliseconds to add to the host's clock when signing: after AdvanceClock has moved the
   * server's clock past SigV4's 15-minute skew, requests must be signed on the moved clock.
   */
  clockOffsetMs?: number | (() => number);
}

export class AdminApiError extends Error {
  constructor(readonly code: string, readonly status: number, message: string) {
    super(message);
    this.name = code;
  }
}

/**
 * A client for sagelite's operator API (AWS JSON 1.1, SigV4 service name `sagelite`).
 *
 * @example
 * const admin = new AdminClient({ endpoint: 'http://127.0.0.1:4566', credentials: operatorKey });
 * await admin.call('AdvanceClock', { Milliseconds: 3_600_000 }); // needs --test-clock
 */
export class AdminClient {
  readonly #signer: SignatureV4;
  constructor(private readonly opts: AdminClientOptions) {
    this.#signer = new SignatureV4({ service: 'sagelite', region: 'us-east-1', credentials: opts.credentials, sha256: Sha256 });
  }

  async call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown> = {}): Promise<T> {
    const url = new URL(this.opts.endpoint);
    const body = JSON.stringify(input);
    const request = new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Sagelite.${operation}` },
      body,
    });
    const offset = typeof this.opts.clockOffsetMs === 'function' ? this.opts.clockOffsetMs() : (this.opts.clockOffsetMs ?? 0);
    const signed = await this.#signer.sign(request, { signingDate: new Date(Date.now() + offset) });
    const res = await fetch(new URL('/', this.opts.endpoint), { method: 'POST', headers: signed.headers, body });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new AdminApiError(String(json['__type']), res.status, String(json['message'] ?? ''));
    return json as T;
  }
}
