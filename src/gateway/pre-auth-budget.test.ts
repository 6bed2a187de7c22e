// The edge holds at most a fixed budget of bodies read before their callers are known.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Server } from 'node:http';
import pino from 'pino';
import type { HttpRequest, HttpResponse } from '../protocols/http.js';
import { createHttpServer, PreAuthBudget } from './http-server.js';

describe('PreAuthBudget', () => {
  it('gives out bytes up to its limit and takes them back', () => {
    const budget = new PreAuthBudget(10);
    assert.equal(budget.take(6), true);
    assert.equal(budget.take(5), false, 'past the limit');
    assert.equal(budget.take(4), true);
    budget.give(6);
    assert.equal(budget.held, 4);
    assert.equal(budget.take(6), true);
  });
});

describe('createHttpServer: small bodies are read ahead only within the budget', () => {
  let server: Server;
  let url: string;
  /** The handler holds each request until `release` is called, so bodies stay held meanwhile. */
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const seen: Array<{ streamed: boolean; size: number }> = [];

  before(async () => {
    server = createHttpServer(
      async (req: HttpRequest): Promise<HttpResponse> => {
        seen.push({ streamed: req.stream !== undefined, size: req.body.length });
        await gate;
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
      },
      { maxBodyBytes: 1 << 20, log: pino({ level: 'silent' }), preAuthBufferBytes: 100 },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => server.close());

  it('streams a body that does not fit beside those still held, and reads ahead again once they are answered', async () => {
    gate = new Promise<void>((r) => (release = r));
    const first = fetch(url, { method: 'POST', body: 'x'.repeat(80) });
    while (seen.length < 1) await new Promise((r) => setTimeout(r, 5));
    const second = fetch(url, { method: 'POST', body: 'y'.repeat(40) });
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([first, second].map(async (p) => (await p).text()));
    assert.deepEqual(seen.slice(0, 2), [
      { streamed: false, size: 80 },
      { streamed: true, size: 0 },
    ]);
    gate = Promise.resolve();
    await (await fetch(url, { method: 'POST', body: 'z'.repeat(90) })).text();
    assert.deepEqual(seen[2], { streamed: false, size: 90 }, 'the first 80 bytes were given back');
  });
});
