/**
 * Sets `out[key] = value` for a key the client chose (a map's key, a header or query name).
 * Plain assignment of `__proto__` would replace the object's prototype instead of adding an
 * entry (and drop the entry); this defines it as an ordinary own property, like any other key.
 */
export function putEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
