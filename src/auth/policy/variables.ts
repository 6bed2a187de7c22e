/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix, 'home'}`) and
 * the escapes `${*}`, `${?}`, `${$}` (a literal `*`, `?`, `$`). They are read only in documents
 * with Version 2012-10-17, and only in Resource and in String/ARN condition values; elsewhere the
 * text is literal. A variable whose key is absent (or multi-valued) and has no default is null
 * (AWS: "the value is effectively null. There is no equal or like value"): the Resource entry or
 * condition value holding it matches nothing, so a Resource with only that entry does not match,
 * while negated condition operators hold against it.
 */
import { ANY_CHAR, STAR, type GlobToken } from './wildcard.js';

export interface VariablePart {
  key: string;
  lowerKey: string;
  fallback: string | undefined;
}

/** Raw text (wildcards live here), an escaped literal character, or a variable. */
export type TemplatePart = { raw: string } | { literal: string } | VariablePart;

const VARIABLE = /\$\{([^}]*)\}/g;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

function readVariable(body: string): TemplatePart | undefined {
  const trimmed = body.trim();
  if (Object.hasOwn(ESCAPES, trimmed)) return { literal: ESCAPES[trimmed]! };
  const comma = body.indexOf(',');
  const key = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (key === '') return undefined;
  let fallback: string | undefined;
  if (comma >= 0) {
    const m = /^\s*'([^']*)'\s*$/.exec(body.slice(comma + 1));
    if (!m) return undefined; // not a well-formed default: the text stays literal
    fallback = m[1];
  }
  return { key, lowerKey: key.toLowerCase(), fallback };
}

/**
 * Splits text into parts; undefined when it holds no variable or escape (the common case, which
 * callers then compile once, statically).
 *
 * @example parseTemplate("home/${aws:username}/*") // → [{raw:'home/'}, {key:'aws:username',…}, {raw:'/*'}]
 */
export function parseTemplate(text: string): TemplatePart[] | undefined {
  if (!text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  let found = false;
  for (const m of text.matchAll(VARIABLE)) {
    const part = readVariable(m[1]!);
    if (!part) continue;
    found = true;
    if (m.index! > last) parts.push({ raw: text.slice(last, m.index) });
    parts.push(part);
    last = m.index! + m[0].length;
  }
  if (!found) return undefined;
  if (last < text.length) parts.push({ raw: text.slice(last) });
  return parts;
}

/** Looks a context key up; returns a single value as text, or undefined. */
export type VariableResolver = (key: string, lowerKey: string) => string | undefined;

function resolveVariable(part: VariablePart, resolve: VariableResolver): string | undefined {
  return resolve(part.key, part.lowerKey) ?? part.fallback;
}

/**
 * Substitutes into glob tokens: raw text keeps its wildcards, substituted values and escapes are
 * literal. Undefined when a variable cannot be resolved.
 */
export function resolveToTokens(parts: readonly TemplatePart[], resolve: VariableResolver, wildcards: boolean): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const part of parts) {
    if ('raw' in part) {
      if (!wildcards) {
        out.push(part.raw);
        continue;
      }
      let run = '';
      for (const ch of part.raw) {
        if (ch === '*' || ch === '?') {
          if (run) out.push(run);
          run = '';
          out.push(ch === '*' ? STAR : ANY_CHAR);
        } else run += ch;
      }
      if (run) out.push(run);
    } else if ('literal' in part) out.push(part.literal);
    else {
      const value = resolveVariable(part, resolve);
      if (value === undefined) return undefined;
      out.push(value);
    }
  }
  return out;
}

/** Substitutes into plain text (for equality operators); undefined when a variable cannot be resolved. */
export function resolveToString(parts: readonly TemplatePart[], resolve: VariableResolver): string | undefined {
  let out = '';
  for (const part of parts) {
    if ('raw' in part) out += part.raw;
    else if ('literal' in part) out += part.literal;
    else {
      const value = resolveVariable(part, resolve);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}

/**
 * A template whose compiled form is memoized per combination of variable values, so a policy
 * like `home/${aws:username}/*` is compiled once per user rather than once per request.
 */
export class MemoizedTemplate<T> {
  private readonly cache = new Map<string, T>();
  constructor(
    private readonly parts: readonly TemplatePart[],
    private readonly wildcards: boolean,
    private readonly build: (tokens: GlobToken[]) => T,
  ) {}

  /** The compiled form for this request, or undefined when a variable has no value. */
  get(resolve: VariableResolver): T | undefined {
    let key = '';
    let variables = 0;
    for (const part of this.parts) {
      if ('raw' in part || 'literal' in part) continue;
      const value = resolveVariable(part, resolve);
      if (value === undefined) return undefined;
      // One variable (the usual case): its value is the key. Several: length-prefixed values,
      // so distinct value lists never collide.
      key = variables++ === 0 ? value : `${key.length}:${key}${value.length}:${value}`;
    }
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = this.build(resolveToTokens(this.parts, resolve, this.wildcards)!);
      if (this.cache.size >= 256) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }
}
