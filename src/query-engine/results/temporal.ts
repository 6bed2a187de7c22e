/** Dates, times, timestamps and intervals in Trino's text forms (millisecond precision, as Athena prints). */

const pad = (n: number | bigint, width = 2) => String(n).padStart(width, '0');

/** Days since 1970-01-01 → `yyyy-MM-dd` (proleptic Gregorian, as Trino). */
export function dateString(days: number): string {
  const d = new Date(days * 86_400_000);
  const year = d.getUTCFullYear();
  const y = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Microseconds since the epoch → `yyyy-MM-dd HH:mm:ss.SSS` (truncated to milliseconds). */
export function timestampString(micros: bigint): string {
  const millis = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const dayMillis = 86_400_000n;
  let days = millis / dayMillis;
  let rest = millis % dayMillis;
  if (rest < 0n) {
    rest += dayMillis;
    days -= 1n;
  }
  return `${dateString(Number(days))} ${timeString(rest * 1000n)}`;
}

/**
 * Nanoseconds since the epoch → `yyyy-MM-dd HH:mm:ss.ffffff` (timestamp(6)), or nine fraction
 * digits when the value has nanoseconds (timestamp(9)).
 *
 * @example
 * timestampNanosString(1_704_164_645_123_456_000n); // '2024-01-02 03:04:05.123456'
 */
export function timestampNanosString(nanos: bigint): string {
  const floor = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  const micros = floor(nanos, 1000n);
  const millisText = timestampString(micros);
  const subMilli = ((micros % 1000n) + 1000n) % 1000n;
  const subMicro = ((nanos % 1000n) + 1000n) % 1000n;
  return millisText + String(subMilli).padStart(3, '0') + (subMicro === 0n ? '' : String(subMicro).padStart(3, '0'));
}

/** Microseconds since midnight → `HH:mm:ss.SSS`. */
export function timeString(micros: bigint): string {
  const ms = Number(micros / 1000n);
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * An interval as Trino prints one: `Y-M` for year-month intervals, `D HH:mm:ss.SSS` for day-time.
 */
export function intervalString(months: number, days: number, micros: bigint): string {
  if (months !== 0 && days === 0 && micros === 0n) {
    const sign = months < 0 ? '-' : '';
    const m = Math.abs(months);
    return `${sign}${Math.floor(m / 12)}-${m % 12}`;
  }
  const total = BigInt(days) * 86_400_000_000n + micros;
  const sign = total < 0n ? '-' : '';
  const abs = total < 0n ? -total : total;
  const d = abs / 86_400_000_000n;
  return `${sign}${d} ${timeString(abs % 86_400_000_000n)}`;
}
