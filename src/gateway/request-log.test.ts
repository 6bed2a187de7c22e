import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { requestLogWriter } from './request-log.js';

/** A sink that keeps what is written, for pino and for the writer alike. */
function memorySink() {
  const lines: string[] = [];
  return { lines, write: (s: string) => void lines.push(s) };
}

test('the request line is byte for byte what pino writes for the same fields', () => {
  const viaPino = memorySink();
  const direct = memorySink();
  const log = pino({ level: 'info', base: undefined }, viaPino);
  const write = requestLogWriter(pino({ level: 'info', base: undefined }, direct), direct);
  const cases = [
    { requestId: 'f7a3', service: 'featurestore-runtime', operation: 'GetRecord', principal: 'arn:aws:iam::123456789012:root', status: 200, ms: 0.123456789, method: 'GET', path: '/FeatureGroup/bench' },
    { requestId: 'e1', service: 's3', status: 403, ms: 12, method: 'PUT', path: '/b/weird"\\path\u0001\u00e9' + 'x'.repeat(60), error: 'AccessDenied' },
    { requestId: 'u', principal: undefined, status: 500, ms: 1e-7, method: 'GET', path: '/' },
  ];
  for (const fields of cases) {
    log.info(fields, 'request');
    write(fields);
  }
  assert.equal(direct.lines.length, cases.length);
  // Same bytes once the timestamps (taken a moment apart) are aligned.
  const time = (line: string) => (JSON.parse(line) as { time: number }).time;
  for (let i = 0; i < cases.length; i++) {
    const expected = viaPino.lines[i]!;
    assert.equal(direct.lines[i]!.replace(`"time":${time(direct.lines[i]!)}`, `"time":${time(expected)}`), expected);
  }
});

test('nothing is written when the level is above info', () => {
  const sink = memorySink();
  const log = pino({ level: 'warn', base: undefined }, sink);
  requestLogWriter(log, sink)({ requestId: 'x', status: 200 });
  assert.deepEqual(sink.lines, []);
  log.level = 'info';
  requestLogWriter(log, sink)({ requestId: 'x', status: 200 });
  assert.equal(sink.lines.length, 1);
});
