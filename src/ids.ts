/**
 * Sortable, time-ordered string ids in Mastodon's snowflake shape: milliseconds since the Unix epoch
 * shifted left 16 bits, plus a 16-bit sequence. Decimal strings of equal length sort like numbers,
 * which Mastodon apps rely on when they compare ids for pagination (Tusky compares length, then text).
 */
let lastMs = 0n;
let seq = 0n;

export function newId(now: number = Date.now()): string {
  let ms = BigInt(now);
  if (ms < lastMs) ms = lastMs; // a clock step backwards must not reorder ids
  if (ms === lastMs) {
    seq += 1n;
    if (seq > 0xffffn) {
      ms += 1n;
      seq = 0n;
    }
  } else {
    seq = BigInt(Math.floor(Math.random() * 0x400)); // random low start: two processes rarely collide
  }
  lastMs = ms;
  return ((ms << 16n) | seq).toString();
}

/** The smallest id that could be made at `ms`; for since/max filters by time. */
export function idAtTime(ms: number): string {
  return (BigInt(ms) << 16n).toString();
}

/** Ids are compared as numbers of equal width; this pads for stores that compare text. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}
