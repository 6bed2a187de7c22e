/**
 * ARN patterns, used by Resource/NotResource and the Arn* condition operators. AWS matches an
 * ARN component by component: partition, service, region and account are each matched on their
 * own (a wildcard there cannot run across a colon), and the resource part (everything after the
 * fifth colon, which may itself contain colons and slashes) is matched as one piece, so `*`
 * there spans `/` and `:`. A pattern with fewer than six components has its last component
 * matched against the rest of the ARN (so `arn:aws:s3:*` covers every S3 ARN); a pattern with
 * no colon at all (`*`) is matched against the whole text.
 */
import { compileGlob, matchGlob, tokenize, type Glob, type GlobToken } from './wildcard.js';

export interface ArnPattern {
  /** One glob per component; a single glob when the pattern has no colon. */
  readonly parts: readonly Glob[];
  /**
   * When every component but the last is wildcard-free (the usual `arn:aws:s3:::bkt/*`), their
   * text with its colons; matching is then one startsWith plus one glob.
   */
  readonly literalPrefix: string | undefined;
}

/**
 * Compiles an ARN pattern from text or tokens (literal colons separate components).
 *
 * @example matchArn(compileArnPattern('arn:aws:s3:::bkt/*'), 'arn:aws:s3:::bkt/a/b') // → true
 */
export function compileArnPattern(pattern: string | readonly GlobToken[]): ArnPattern {
  const tokens = typeof pattern === 'string' ? tokenize(pattern) : pattern;
  const parts: Glob[] = [];
  let current: GlobToken[] = [];
  for (const t of tokens) {
    if (typeof t !== 'string' || parts.length === 5) {
      current.push(t);
      continue;
    }
    let rest = t;
    let colon = rest.indexOf(':');
    while (colon >= 0 && parts.length < 5) {
      if (colon > 0) current.push(rest.slice(0, colon));
      parts.push(compileGlob(current));
      current = [];
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(':');
    }
    if (rest) current.push(rest);
  }
  parts.push(compileGlob(current));
  const head = parts.slice(0, -1);
  const literalPrefix = head.every((g) => g.exact !== undefined) ? head.map((g) => `${g.exact}:`).join('') : undefined;
  return { parts, literalPrefix };
}

/** Matches an ARN (or `*`, or any text) against a compiled pattern, without allocating. */
export function matchArn(pattern: ArnPattern, text: string): boolean {
  const parts = pattern.parts;
  const prefix = pattern.literalPrefix;
  if (prefix !== undefined) return text.startsWith(prefix) && matchGlob(parts[parts.length - 1]!, text, prefix.length, text.length);
  let pos = 0;
  const lastIndex = parts.length - 1;
  for (let i = 0; i < lastIndex; i++) {
    const end = text.indexOf(':', pos);
    if (end < 0 || !matchGlob(parts[i]!, text, pos, end)) return false;
    pos = end + 1;
  }
  return matchGlob(parts[lastIndex]!, text, pos, text.length);
}
