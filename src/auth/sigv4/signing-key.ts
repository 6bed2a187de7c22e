import { createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function stringToSign(amzDate: string, scope: string, canonicalRequestHash: string, algorithm = ALGORITHM): string {
  return `${algorithm}\n${amzDate}\n${scope}\n${canonicalRequestHash}`;
}

/**
 * Derives signing keys (four HMACs each) and keeps the most recent ones: a key is good for one
 * secret, day, region and service, so a busy server derives it once a day per client.
 */
export class SigningKeyCache {
  readonly #keys = new Map<string, Buffer>();
  constructor(private readonly capacity = 1024) {}

  get(secret: string, date: string, region: string, service: string): Buffer {
    // Keyed by the secret itself: hashing it on every request cost more than the lookup. The
    // secret is in memory anyway (the credential store holds it), and so is the key it derives.
    // Region and service are length-prefixed, so no secret containing `/` (AWS secrets do) can
    // make two different (secret, region, service) triples share an entry.
    const id = `${date}/${region.length}:${region}/${service.length}:${service}/${secret}`;
    const hit = this.#keys.get(id);
    if (hit) return hit;
    const key = deriveSigningKey(secret, date, region, service);
    if (this.#keys.size >= this.capacity) this.#keys.delete(this.#keys.keys().next().value as string);
    this.#keys.set(id, key);
    return key;
  }
}

export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

/**
 * Constant-time equality of two signatures (hex text): every character is compared whatever
 * the earlier ones were, without the two buffers timingSafeEqual would need per request. A
 * length difference is not a timing oracle for HMAC output.
 */
export function signaturesEqual(expectedHex: string, providedHex: string): boolean {
  if (expectedHex.length !== providedHex.length) return false;
  let diff = 0;
  for (let i = 0; i < expectedHex.length; i++) diff |= expectedHex.charCodeAt(i) ^ providedHex.charCodeAt(i);
  return diff === 0;
}
