/**
 * IAM counts a policy's size in characters excluding whitespace (the quotas: managed policy 6,144;
 * inline per user 2,048, group 5,120, role 10,240; trust policy 2,048 by default).
 */

/**
 * Characters in `text` other than JSON whitespace (space, tab, LF, CR) — whitespace inside
 * strings is not counted either, as IAM's quota rule counts it.
 *
 * @example policySize('{ "Version": "2012-10-17" }') // → 24
 */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) n++;
  }
  return n;
}
