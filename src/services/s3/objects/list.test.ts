import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredObject } from '../../../storage/s3-objects.js';
import { decodeContinuationToken, encodeContinuationToken, listPage, urlEncodeKey, type ListRequest } from './list.js';

function store(keys: string[]) {
  const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let scans = 0;
  const scan = (prefix: string) => async (after: string | undefined, limit: number) => {
    scans++;
    const from = sorted.filter((k) => (after === undefined || Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0) && k.startsWith(prefix));
    return from.slice(0, limit).map((key) => ({ key }) as StoredObject);
  };
  return { scan, scans: () => scans };
}

async function page(keys: string[], req: Partial<ListRequest>) {
  const r: ListRequest = { prefix: '', maxKeys: 1000, ...req };
  const p = await listPage(store(keys).scan(r.prefix), r);
  return { keys: p.contents.map((o) => o.key), prefixes: p.commonPrefixes, truncated: p.isTruncated, last: p.last };
}

describe('listPage', () => {
  const keys = ['a.txt', 'photos/2006/jan.jpg', 'photos/2006/feb.jpg', 'photos/2007/x.jpg', 'photos/index.html', 'z'];

  it('rolls keys up under the delimiter; prefixes count against max-keys', async () => {
    assert.deepEqual(await page(keys, { delimiter: '/' }), { keys: ['a.txt', 'z'], prefixes: ['photos/'], truncated: false, last: 'z' });
    assert.deepEqual(await page(keys, { prefix: 'photos/', delimiter: '/' }), {
      keys: ['photos/index.html'],
      prefixes: ['photos/2006/', 'photos/2007/'],
      truncated: false,
      last: 'photos/index.html',
    });
    assert.deepEqual(await page(keys, { delimiter: '/', maxKeys: 2 }), { keys: ['a.txt'], prefixes: ['photos/'], truncated: true, last: 'photos/' });
  });

  it('resuming after a common prefix skips every key under it', async () => {
    assert.deepEqual(await page(keys, { delimiter: '/', after: 'photos/', maxKeys: 2 }), { keys: ['z'], prefixes: [], truncated: false, last: 'z' });
  });

  it('pages through every key exactly once', async () => {
    const many = Array.from({ length: 2345 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await page(many, { maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
      seen.push(...p.keys);
      if (!p.truncated) break;
      after = p.last;
    }
    assert.deepEqual(seen, many);
  });

  it('IsTruncated only when something is left; max-keys 0 lists nothing', async () => {
    assert.equal((await page(['a', 'b'], { maxKeys: 2 })).truncated, false);
    assert.equal((await page(['a', 'b', 'c'], { maxKeys: 2 })).truncated, true);
    assert.deepEqual(await page(['a'], { maxKeys: 0 }), { keys: [], prefixes: [], truncated: false, last: undefined });
  });

  it('jumps over a large common prefix instead of reading it', async () => {
    const big = [...Array.from({ length: 5000 }, (_, i) => `dir/${i}`), 'file'];
    const s = store(big);
    const p = await listPage(s.scan(''), { prefix: '', delimiter: '/', maxKeys: 1000 });
    assert.deepEqual([p.commonPrefixes, p.contents.map((o) => o.key)], [['dir/'], ['file']]);
    assert.ok(s.scans() <= 3);
  });

  it('orders by UTF-8 bytes, as S3 does', async () => {
    assert.deepEqual((await page(['\u{1F600}', '\uFF61', 'a'], {})).keys, ['a', '\uFF61', '\u{1F600}']);
  });

  it('url-encodes keys like S3 (spaces as +, slashes kept) and round-trips tokens', () => {
    assert.equal(urlEncodeKey('a b/c+d&é'), 'a+b/c%2Bd%26%C3%A9');
    assert.equal(decodeContinuationToken(encodeContinuationToken('x/y')), 'x/y');
    assert.throws(() => decodeContinuationToken('bogus'), /continuation token/);
  });
});
