import type { Logger } from 'pino';

/** What the pipeline logs about each request. */
export type RequestLogFields = Record<string, string | number | undefined>;

/** Writes one request's log line. */
export type RequestLog = (fields: RequestLogFields) => void;

/** Something a log line can be written to (pino's SonicBoom destination is one). */
export interface LineSink {
  write(line: string): unknown;
}

/**
 * The per-request line, written as `log.info(fields, 'request')` writes it for a logger made by
 * `pino({ level, base: undefined }, sink)` — `{"level":30,"time":<epoch ms>,…fields,"msg":"request"}` —
 * with one JSON.stringify instead of pino's per-key serialization (~1 µs against ~9 µs a line,
 * at thousands of requests a second). Only for such a logger: no bindings, serializers,
 * formatters or mixin. The level is checked on every line, so a changed level still applies.
 *
 * @example
 * const sink = pino.destination({ dest: 1, sync: false });
 * const log = pino({ level: 'info', base: undefined }, sink);
 * const line = requestLogWriter(log, sink);
 * line({ requestId: 'x', status: 200, ms: 0.4 }); // {"level":30,"time":…,"requestId":"x","status":200,"ms":0.4,"msg":"request"}
 */
export function requestLogWriter(log: Logger, sink: LineSink): RequestLog {
  return (fields) => {
    if (!log.isLevelEnabled('info')) return;
    sink.write(JSON.stringify({ level: 30, time: Date.now(), ...fields, msg: 'request' }) + '\n');
  };
}

/** The same line through the logger itself, for pipelines built around any other logger. */
export function requestLogVia(log: Logger): RequestLog {
  return (fields) => log.info(fields, 'request');
}
