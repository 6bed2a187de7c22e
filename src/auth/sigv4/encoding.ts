/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is encoded. */
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-_.~/]*$/;

export function uriEncode(text: string, keepSlash = false): string {
  // Most names, values and paths need no encoding at all.
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * Decodes %XX escapes byte-wise; an invalid escape stays as it is (AWS does not reject it, and a
 * verifier must never throw on hostile input). `plusAsSpace` is for form bodies only.
 */
export function percentDecode(text: string, plusAsSpace = false): string {
  if (!text.includes('%') && !(plusAsSpace && text.includes('+'))) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%' && i + 2 < text.length + 0 && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+' && plusAsSpace) {
      bytes.push(0x20);
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits a raw query string into decoded [name, value] pairs, in order; `a` alone is ['a', '']. */
export function parseQueryPairs(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([percentDecode(name, true), percentDecode(value, true)]);
  }
  return pairs;
}
