/**
 * Fixed-window counters shared by every process over the store: login failures per account and
 * the request throttles, so a limit holds across nodes and restarts. A window is identified by its
 * start; it is useless after `expiresAt` and is swept (MongoDB: a TTL index does it).
 */
export interface CounterRepository {
  /** Adds `by` (0 reads) to `key`'s count in the window starting at `windowStart`; returns the new count. Atomic. */
  add(key: string, windowStart: string, expiresAt: string, by: number): Promise<number>;
  /** Forgets every window of `key` (a successful login clears its failures). */
  reset(key: string): Promise<void>;
  /** Deletes windows expired at `now`; returns how many. */
  sweep(now: string, limit: number): Promise<number>;
}
