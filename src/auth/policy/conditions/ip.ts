/**
 * IpAddress / NotIpAddress: IPv4 and IPv6 CIDR ranges. A bare address is a /32 (IPv4) or /128
 * (IPv6) range. Policy ranges are parsed at compile time, so a bad one fails there.
 */
import { constant, type PrepareTest } from './shared.js';

export interface IpRange {
  v6: boolean;
  /** 4 bytes (IPv4) or 16 bytes (IPv6), host bits cleared. */
  bytes: Uint8Array;
  prefix: number;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (text.length > 45) return undefined;
  const double = text.indexOf('::');
  if (double !== text.lastIndexOf('::')) return undefined;
  const head = double < 0 ? text : text.slice(0, double);
  const tail = double < 0 ? '' : text.slice(double + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const words: number[] = [];
  const readGroups = (groups: string[], into: number[]): boolean => {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return false;
        into.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        into.push(parseInt(g, 16));
      }
    }
    return true;
  };
  const tailWords: number[] = [];
  if (!readGroups(headGroups, words) || !readGroups(tailGroups, tailWords)) return undefined;
  if (double < 0 ? words.length !== 8 : words.length + tailWords.length > 7) return undefined;
  while (words.length + tailWords.length < 8) words.push(0);
  words.push(...tailWords);
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >> 8;
    out[2 * i + 1] = words[i]! & 0xff;
  }
  return out;
}

/**
 * Parses `10.0.0.0/8`, `203.0.113.5`, `2001:db8::/32` or `::1`; undefined when invalid.
 *
 * @example parseIpRange('10.1.2.3') // → { v6: false, prefix: 32, … }
 */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const v6 = address.includes(':');
  const bytes = v6 ? parseIpv6(address) : parseIpv4(address);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined;
    prefix = Number(p);
  }
  for (let bit = prefix; bit < max; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return { v6, bytes, prefix };
}

/** True when `address` (a bare address, already parsed) lies inside `range`. */
export function ipInRange(address: IpRange, range: IpRange): boolean {
  if (address.v6 !== range.v6) return false;
  const full = range.prefix >> 3;
  for (let i = 0; i < full; i++) if (address.bytes[i] !== range.bytes[i]) return false;
  const rest = range.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address.bytes[full]! & mask) === range.bytes[full]);
}

const addressCache = new Map<string, IpRange | null>();

/** Parses a context IP (e.g. aws:SourceIp), memoized because the same callers recur. */
export function contextAddress(text: string): IpRange | undefined {
  let hit = addressCache.get(text);
  if (hit === undefined) {
    const parsed = text.includes('/') ? undefined : parseIpRange(text);
    hit = parsed ?? null;
    if (addressCache.size >= 1024) addressCache.clear();
    addressCache.set(text, hit);
  }
  return hit ?? undefined;
}


/** Policy ranges must parse (validate.ts rejects the document otherwise). @example compileIp(['10.0.0.0/8']) */
export function compileIp(values: readonly string[]): PrepareTest {
  const ranges = values.map((v) => parseIpRange(v)).filter((r): r is IpRange => r !== undefined);
  return constant((v) => {
    if (typeof v !== 'string') return false;
    const address = contextAddress(v);
    if (!address) return false;
    for (const r of ranges) if (ipInRange(address, r)) return true;
    return false;
  });
}
