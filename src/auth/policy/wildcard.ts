/**
 * Glob matching for `*` (any run of characters, possibly empty) and `?` (exactly one character),
 * in time linear in practice and never exponential: the pattern is split on `*` into literal
 * segments; the first is anchored at the start, the last at the end, and each middle one is found
 * at its leftmost position after the previous. Leftmost placement is always safe because a `*`
 * between segments can absorb anything, so there is never a reason to backtrack. Regex engines
 * with backtracking take exponential time on patterns like `*a*a*a…b` (iam-simulate does this).
 */

/** Pattern tokens: literal text, or one of the two wildcards. Variables substitute to literals. */
export const STAR: unique symbol = Symbol('*');
export const ANY_CHAR: unique symbol = Symbol('?');
export type GlobToken = string | typeof STAR | typeof ANY_CHAR;

interface Segment {
  text: string;
  /** 1 where the pattern had `?` (matches any character); null when the segment is all literal. */
  anyMask: Uint8Array | null;
}

export interface Glob {
  /** Set when the pattern has no wildcard at all: plain string equality. */
  readonly exact: string | undefined;
  readonly hasStar: boolean;
  /** Segments between stars; with no star, the single segment is the whole pattern. */
  readonly segments: readonly Segment[];
  /** Shortest text the pattern can match (sum of segment lengths). */
  readonly minLength: number;
}

/** Reads `*` and `?` in a plain string as wildcards. */
export function tokenize(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  let run = '';
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      if (run) out.push(run);
      run = '';
      out.push(ch === '*' ? STAR : ANY_CHAR);
    } else run += ch;
  }
  if (run) out.push(run);
  return out;
}

function makeSegment(parts: Array<string | typeof ANY_CHAR>): Segment {
  let text = '';
  let mask: number[] | null = null;
  for (const p of parts) {
    if (p === ANY_CHAR) {
      mask ??= new Array<number>(text.length).fill(0);
      mask.push(1);
      text += '?';
    } else {
      if (mask) for (let i = 0; i < p.length; i++) mask.push(0);
      text += p;
    }
  }
  return { text, anyMask: mask ? Uint8Array.from(mask) : null };
}

/**
 * Compiles tokens (or a plain pattern string) to a Glob. Consecutive stars collapse.
 *
 * @example matchGlob(compileGlob('s3:get*'), 's3:getobject') // → true
 */
export function compileGlob(pattern: string | readonly GlobToken[]): Glob {
  const tokens = typeof pattern === 'string' ? tokenize(pattern) : pattern;
  const segments: Segment[] = [];
  let current: Array<string | typeof ANY_CHAR> = [];
  let hasStar = false;
  let wild = false;
  for (const t of tokens) {
    if (t === STAR) {
      hasStar = wild = true;
      segments.push(makeSegment(current));
      current = [];
    } else {
      if (t === ANY_CHAR) wild = true;
      current.push(t);
    }
  }
  segments.push(makeSegment(current));
  const minLength = segments.reduce((n, s) => n + s.text.length, 0);
  return { exact: wild ? undefined : segments[0]!.text, hasStar, segments, minLength };
}

function segmentAt(seg: Segment, text: string, at: number): boolean {
  const s = seg.text;
  const mask = seg.anyMask;
  if (!mask) return text.startsWith(s, at);
  for (let i = 0; i < s.length; i++) {
    if (mask[i] === 0 && text.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  }
  return true;
}

/** Leftmost position ≥ from where `seg` fits wholly before `limit`, or -1. */
function findSegment(seg: Segment, text: string, from: number, limit: number): number {
  const len = seg.text.length;
  if (!seg.anyMask) {
    const at = text.indexOf(seg.text, from);
    return at >= 0 && at + len <= limit ? at : -1;
  }
  for (let at = from; at + len <= limit; at++) if (segmentAt(seg, text, at)) return at;
  return -1;
}

/**
 * Matches `text[start, end)` (the whole text by default) against a compiled glob, without
 * allocating. Case-sensitive: callers lowercase both sides for case-insensitive comparisons.
 *
 * @example matchGlob(compileGlob('a?c*'), 'abcdef') // → true
 */
export function matchGlob(glob: Glob, text: string, start = 0, end = text.length): boolean {
  const length = end - start;
  if (glob.exact !== undefined) return length === glob.exact.length && text.startsWith(glob.exact, start);
  if (length < glob.minLength) return false;
  const segs = glob.segments;
  const first = segs[0]!;
  if (!glob.hasStar) return length === first.text.length && segmentAt(first, text, start);
  const last = segs[segs.length - 1]!;
  const tailStart = end - last.text.length;
  if (!segmentAt(first, text, start) || !segmentAt(last, text, tailStart)) return false;
  let pos = start + first.text.length;
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    const at = findSegment(seg, text, pos, tailStart);
    if (at < 0) return false;
    pos = at + seg.text.length;
  }
  return pos <= tailStart;
}
