import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import type { BodyStream } from '../../../protocols/http.js';
import { readFormHead } from './form.js';

const BOUNDARY = 'b0und';
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
const part = (name: string, value: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
const form = (...parts: string[]) => Buffer.from(parts.join('') + `--${BOUNDARY}--\r\n`);

/** A body arriving in chunks of the given size, as a streamed request does. */
function chunked(body: Buffer, size: number): BodyStream {
  return {
    trailers: new Map(),
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
    },
  };
}

/** The whole form: its fields and file, or the AwsError it fails with (anything else fails the test). */
async function read(body: Buffer | BodyStream): Promise<{ fields: Record<string, string>; filename: string; file: string } | string> {
  try {
    const head = await readFormHead(body, TYPE);
    const parts: Buffer[] = [];
    for await (const chunk of head.file) parts.push(chunk);
    return { fields: Object.fromEntries(head.fields), filename: head.filename, file: Buffer.concat(parts).toString('latin1') };
  } catch (e) {
    assert.ok(e instanceof AwsError && e.status >= 400 && e.status < 500, `not an S3 error: ${String(e)}`);
    return e.code;
  }
}

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

describe('the POST form reader', () => {
  it('reads the fields before the file (names in any case, the first of a repeat), the file, its name after the last slash', async () => {
    const body = form(part('Key', 'k'), part('key', 'second'), part('x-amz-meta-a', 'v', 'as-file.txt'), part('File', 'the bytes', 'dir\\sub/photo.jpg'), part('after', 'ignored'));
    for (const b of [body, chunked(body, 7)]) {
      assert.deepEqual(await read(b), { fields: { key: 'k', 'x-amz-meta-a': 'v' }, filename: 'photo.jpg', file: 'the bytes' });
    }
    assert.deepEqual(await read(form(part('key', 'k'), part('file', 'text part'))), { fields: { key: 'k' }, filename: '', file: 'text part' });
  });

  it('S3’s errors for malformed forms, oversize fields and no file', async () => {
    assert.equal(await read(form(part('key', 'k'))), 'InvalidArgument');
    assert.equal(await read(Buffer.from(part('key', 'k') + part('file', 'x', 'f'))), 'MalformedPOSTRequest');
    assert.equal(await read(Buffer.alloc(0)), 'MalformedPOSTRequest');
    // A part whose Content-Disposition names no field, as a text part and as a file part (busboy gives no name).
    const unnamed = `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n`;
    assert.equal(await read(form(unnamed, part('key', 'k'), part('file', 'x', 'f'))), 'MalformedPOSTRequest');
    const unnamedFile = `--${BOUNDARY}\r\nContent-Disposition: form-data; filename="a"\r\n\r\nvalue\r\n`;
    assert.equal(await read(form(part('key', 'k'), unnamedFile, part('file', 'x', 'f'))), 'MalformedPOSTRequest');
    assert.equal(await read(form(part('x', 'y'.repeat(20_001)), part('file', 'x', 'f'))), 'MaxPostPreDataLengthExceededError');
    assert.equal(await read(chunked(Buffer.concat([Buffer.alloc(100_000, 'p'), form(part('file', 'x', 'f'))]), 4096)), 'MaxPostPreDataLengthExceededError');
    await assert.rejects(readFormHead(form(part('file', 'x', 'f')), 'multipart/form-data'), (e) => e instanceof AwsError && e.code === 'MalformedPOSTRequest');
  });

  it('random and mutated bodies, whole and in chunks: a form or an S3 error, never another error or a hang', async () => {
    const next = random(7);
    const good = form(part('key', 'k'), part('Content-Type', 'text/plain'), part('file', 'hello world', 'f.txt'));
    for (let i = 0; i < 400; i++) {
      const body = Buffer.from(i % 4 === 0 ? Array.from({ length: Math.floor(next() * 600) }, () => Math.floor(next() * 256)) : good);
      if (i % 4 !== 0) for (let j = 0; j < 1 + Math.floor(next() * 3); j++) body[Math.floor(next() * body.length)] = Math.floor(next() * 256);
      const cut = i % 3 === 0 ? body.subarray(0, Math.floor(next() * body.length)) : body;
      await read(i % 2 === 0 ? cut : chunked(cut, 1 + Math.floor(next() * 64)));
    }
  });
});
