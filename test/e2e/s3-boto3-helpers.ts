import assert from 'node:assert/strict';
import { python } from './harness.js';

/**
 * boto3 snippets against S3 that record every call: `run('name', lambda: s3.op(...))` keeps the
 * call's result, or its error's code, HTTP status, message and response headers, under `name`.
 */

/** What a recorded call printed: its result, or its error's code, status, message and headers. */
export type Outcome = { ok: unknown } | { code: string; status: number; message: string; headers: Record<string, string> };

/** An S3 client without retries and with path-style addresses, `out` and `run`. */
export const S3_BOTO_PRELUDE = `
import json, boto3, botocore
from botocore.config import Config
s3 = boto3.client('s3', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
out = {}
def run(name, fn):
    try:
        r = fn()
        r.pop('ResponseMetadata', None)
        out[name] = {'ok': r}
    except botocore.exceptions.ClientError as e:
        meta = e.response['ResponseMetadata']
        out[name] = {'code': e.response['Error'].get('Code'), 'status': meta['HTTPStatusCode'], 'message': e.response['Error'].get('Message'), 'headers': meta.get('HTTPHeaders', {})}
`;

/** Runs a snippet after the prelude; what it put in `out` (dates as strings). */
export function botoS3(code: string, env: NodeJS.ProcessEnv): Record<string, Outcome> {
  return JSON.parse(python(`${S3_BOTO_PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, Outcome>;
}

/** The result of a call that must have succeeded. */
export function ok(o: Outcome | undefined): Record<string, unknown> {
  assert.ok(o && 'ok' in o, JSON.stringify(o));
  return o.ok as Record<string, unknown>;
}

/** Asserts a call failed with this code, status and (when given) message; returns the failure. */
export function failed(o: Outcome | undefined, code: string, status: number, message?: string): Extract<Outcome, { code: string }> {
  assert.ok(o && 'code' in o, JSON.stringify(o));
  assert.equal(o.code, code, JSON.stringify(o));
  assert.equal(o.status, status);
  if (message !== undefined) assert.equal(o.message, message);
  return o;
}
