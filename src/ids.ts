/**
 * Sortable, time-ordered string ids in Mastodon's snowflake shape: milliseconds since the Unix epoch
 * shifted left 16 bits, then this process's node number (6 bits) and a sequence (10 bits). Decimal
 * strings of equal length sort like numbers, which Mastodon apps rely on when they compare ids for
 * pagination (Tusky compares length, then text). The node number is leased from the store at start
 * (src/domain/instance/node-id.ts), so two processes over one store never make the same id.
 */
const NODE_BITS = 6n;
const SEQ_BITS = 10n;
const SEQ_MAX = (1n << SEQ_BITS) - 1n;
export const MAX_NODES = Number(1n << NODE_BITS);

let lastMs = 0n;
let seq = 0n;
let node = 0n;

/** Sets the node bits of every id made from now on (0 ≤ n < MAX_NODES). */
export function setNodeId(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n >= MAX_NODES) throw new RangeError(`node id ${n} is outside 0..${MAX_NODES - 1}`);
  node = BigInt(n);
}

export function currentNodeId(): number {
  return Number(node);
}

export function newId(now: number = Date.now()): string {
  let ms = BigInt(now);
  if (ms < lastMs) ms = lastMs; // a clock step backwards must not reorder ids
  if (ms === lastMs) {
    seq += 1n;
    if (seq > SEQ_MAX) {
      // 1,024 ids in one millisecond: borrow the next one (ids stay unique and ordered).
      ms += 1n;
      seq = 0n;
    }
  } else {
    seq = 0n;
  }
  lastMs = ms;
  return ((ms << 16n) | (node << SEQ_BITS) | seq).toString();
}

/** The node number an id was made on. */
export function nodeOfId(id: string): number {
  return Number((BigInt(id) >> SEQ_BITS) & ((1n << NODE_BITS) - 1n));
}

/** The smallest id that could be made at `ms`; for since/max filters by time. */
export function idAtTime(ms: number): string {
  return (BigInt(ms) << 16n).toString();
}

/** Ids are compared as numbers of equal width; this pads for stores that compare text. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}
