/** compilePolicy: text → CompiledPolicy, through parse → validate → compile, memoized. */
import type { CompiledPolicy, PolicyKind } from './types.js';
import { PolicyDocumentError } from './errors.js';
import { parsePolicyJson } from './parse.js';
import { validatePolicy } from './validate.js';
import { compileAst, compileAstInSlices } from './compile.js';
import { PolicyCache } from './cache.js';

/** Documents longer than this are compiled but not cached, so the cache's memory stays bounded. */
const CACHEABLE_LENGTH = 32 * 1024;
/**
 * One LRU per kind, keyed by the text itself: no key concatenation on the hot path, and V8 keeps
 * a string's hash on the string, so a caller passing the same stored text hits cheaply.
 */
const caches: Record<PolicyKind, PolicyCache> = {
  identity: new PolicyCache(1000),
  resource: new PolicyCache(500),
  trust: new PolicyCache(500),
  boundary: new PolicyCache(200),
  session: new PolicyCache(500),
};

/**
 * Parses, validates and compiles a policy document for a kind of use. The same (kind, text)
 * compiles once: later calls return the same frozen CompiledPolicy (or throw the same error).
 * Throws PolicyDocumentError whose message is AWS IAM's MalformedPolicyDocument text.
 *
 * @example
 * const p = compilePolicy(JSON.stringify({
 *   Version: '2012-10-17',
 *   Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*' }],
 * }), 'identity');
 * p.statementCount // → 1
 */
export function compilePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  const hit = cached(text, kind);
  if (hit) return hit;
  let result: CompiledPolicy | PolicyDocumentError;
  try {
    result = compileAst(validatePolicy(parsePolicyJson(text), kind), kind);
  } catch (e) {
    result = asDocumentError(e);
  }
  return remember(text, kind, result);
}

/**
 * {@link compilePolicy} with the statements compiled in slices ({@link compileAstInSlices}); the
 * same cache. Parsing and validating stay one step: they take a few milliseconds for the
 * largest document IAM accepts, compiling its statements tens.
 */
export async function compilePolicyInSlices(text: string, kind: PolicyKind, pause: () => Promise<void> | undefined): Promise<CompiledPolicy> {
  const hit = cached(text, kind);
  if (hit) return hit;
  let result: CompiledPolicy | PolicyDocumentError;
  try {
    const ast = validatePolicy(parsePolicyJson(text), kind);
    await pause();
    result = await compileAstInSlices(ast, kind, pause);
  } catch (e) {
    result = asDocumentError(e);
  }
  return remember(text, kind, result);
}

/** The cached compile of (kind, text), thrown again when it was a PolicyDocumentError. */
function cached(text: string, kind: PolicyKind): CompiledPolicy | undefined {
  if (text.length > CACHEABLE_LENGTH) return undefined;
  const hit = caches[kind].get(text);
  if (hit instanceof PolicyDocumentError) throw hit;
  return hit;
}

/** A PolicyDocumentError is a result to cache; anything else is a bug, thrown on. */
function asDocumentError(e: unknown): PolicyDocumentError {
  if (e instanceof PolicyDocumentError) return e;
  throw e;
}

/** Caches a result (documents short enough only) and returns or throws it. */
function remember(text: string, kind: PolicyKind, result: CompiledPolicy | PolicyDocumentError): CompiledPolicy {
  if (text.length <= CACHEABLE_LENGTH) caches[kind].set(text, result);
  if (result instanceof PolicyDocumentError) throw result;
  return result;
}

/** Empties the compile cache (tests; memory pressure). */
export function clearPolicyCache(): void {
  for (const c of Object.values(caches)) c.clear();
}
