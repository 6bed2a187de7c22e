/**
 * Policy text → JSON value, with the limits a policy store needs. A small hand-written parser
 * instead of JSON.parse, because JSON.parse silently keeps the last of duplicate keys (so
 * `{"Effect":"Deny","Effect":"Allow"}` would read as Allow) and recurses without a bound.
 *
 * Decision: duplicate keys in any object are a syntax error ("Syntax errors in policy."). A
 * document whose meaning depends on which duplicate wins is rejected rather than guessed at.
 * Objects are created with a null prototype so keys like `__proto__` are plain data.
 */
import { MESSAGES, PolicyDocumentError, malformed } from './errors.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Deepest nesting a valid policy needs is 6 (doc → Statement[] → {} → Condition → op → [values]). */
export const MAX_DEPTH = 16;
/** IAM's own bound on a PolicyDocument parameter (its API model: length ≤ 131,072). */
export const MAX_TEXT_LENGTH = 131_072;

/** True when every character is one IAM accepts: U+0009, U+000A, U+000D, U+0020–U+00FF. */
export function hasOnlyAllowedCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return false;
  }
  return true;
}

/**
 * Parses policy text. Throws PolicyDocumentError: `ValidationError` for text longer than
 * MAX_TEXT_LENGTH or with disallowed characters (AWS checks both as parameter constraints),
 * "Syntax errors in policy." for bad JSON, duplicate keys or nesting deeper than MAX_DEPTH.
 *
 * @example parsePolicyJson('{"Version":"2012-10-17"}') // → { Version: '2012-10-17' }
 */
export function parsePolicyJson(text: string): JsonValue {
  if (text.length > MAX_TEXT_LENGTH) throw new PolicyDocumentError(MESSAGES.tooLong, 'ValidationError');
  if (!hasOnlyAllowedCharacters(text)) throw new PolicyDocumentError(MESSAGES.characters, 'ValidationError');
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos !== text.length) malformed(MESSAGES.syntax);
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) malformed(MESSAGES.syntax);
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    return this.number();
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) malformed(MESSAGES.syntax);
    this.pos += word.length;
    return value;
  }

  private object(depth: number): JsonObject {
    const out = Object.create(null) as JsonObject;
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') malformed(MESSAGES.syntax);
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) malformed(MESSAGES.syntax);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') malformed(MESSAGES.syntax);
      this.pos++;
      this.skipWhitespace();
      out[key] = this.value(depth);
      this.skipWhitespace();
      const sep = this.text[this.pos++];
      if (sep === '}') return out;
      if (sep !== ',') malformed(MESSAGES.syntax);
    }
  }

  private array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.value(depth));
      this.skipWhitespace();
      const sep = this.text[this.pos++];
      if (sep === ']') return out;
      if (sep !== ',') malformed(MESSAGES.syntax);
    }
  }

  private string(): string {
    const t = this.text;
    let i = ++this.pos; // opening quote
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= t.length) malformed(MESSAGES.syntax);
      const c = t.charCodeAt(i);
      if (c === 0x22) break; // "
      if (c < 0x20) malformed(MESSAGES.syntax); // raw control characters are not JSON
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(runStart, i);
      const e = t[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = t.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) malformed(MESSAGES.syntax);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          malformed(MESSAGES.syntax);
      }
      runStart = i;
    }
    out += t.slice(runStart, i);
    this.pos = i + 1;
    return out;
  }

  private number(): number {
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found || found[0].length === 0) malformed(MESSAGES.syntax);
    this.pos += found[0].length;
    return Number(found[0]);
  }
}
