import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** AWS unique-id prefixes (reference_identifiers): what kind of thing an id names. */
export type IdPrefix = 'AKIA' | 'ASIA' | 'AIDA' | 'AROA' | 'AGPA' | 'ANPA';

/** 20-character id: a 4-letter prefix and 16 base-32 characters, like AKIAIOSFODNN7EXAMPLE. */
export function newUniqueId(prefix: IdPrefix): string {
  return prefix + pick(BASE32, 16);
}

/** 40-character secret access key from AWS's alphabet. */
export function newSecretAccessKey(): string {
  return pick(SECRET_ALPHABET, 40);
}

/** A 12-digit account id; the first digit is never 0 so that tools treating it as a number keep it. */
export function newAccountId(): string {
  return String(randomInt(1, 10)) + pick('0123456789', 11);
}

/** S3's canonical user id: 64 lowercase hex characters. */
export function newCanonicalUserId(): string {
  return randomBytes(32).toString('hex');
}

export function newRequestId(): string {
  return randomUUID();
}

/** S3's `x-amz-id-2` host id: opaque base64. */
export function newHostId(): string {
  return randomBytes(48).toString('base64');
}
