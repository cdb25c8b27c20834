import type { Store } from '../../store/port.js';
import type { WindowResult } from './fixed-window.js';

const SWEEP_EVERY_MS = 5 * 60_000;

function windowOf(now: number, periodSeconds: number) {
  const period = periodSeconds * 1000;
  const start = now - (now % period);
  return { start, startIso: new Date(start).toISOString(), end: start + period, endIso: new Date(start + period).toISOString() };
}

const result = (count: number, limit: number, end: number): WindowResult => ({ allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetAt: new Date(end) });

/**
 * Fixed windows counted in the store, so every node and every restart see the same count: each
 * hit is one atomic increment. For events that are rare and matter (failed logins).
 */
export class StoreWindowCounter {
  private lastSweep = 0;
  constructor(private readonly store: Store) {}

  async hit(key: string, limit: number, periodSeconds: number, now: number): Promise<WindowResult> {
    return this.apply(key, limit, periodSeconds, now, 1);
  }

  async peek(key: string, limit: number, periodSeconds: number, now: number): Promise<WindowResult> {
    return this.apply(key, limit, periodSeconds, now, 0);
  }

  reset(key: string): Promise<void> {
    return this.store.counters.reset(key);
  }

  private async apply(key: string, limit: number, periodSeconds: number, now: number, by: number): Promise<WindowResult> {
    const w = windowOf(now, periodSeconds);
    const count = await this.store.counters.add(key, w.startIso, w.endIso, by);
    if (by && now - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = now;
      void this.store.counters.sweep(new Date(now).toISOString(), 1000).catch(() => undefined);
    }
    return result(count, limit, w.end);
  }
}

/**
 * Fixed windows for the request throttles: counted here and added to the store's count at most
 * once per `syncMs` per key, so a busy API costs one store write per client per second, not one
 * per request. Every node sees every node's hits within `syncMs`; the limit can be overshot by
 * what the nodes count between two syncs (documented in SECURITY.md).
 */
export class SyncedWindowCounter {
  private readonly state = new Map<string, { start: number; base: number; pending: number; synced: number }>();
  private lastSweep = 0;
  constructor(private readonly store: Store, private readonly syncMs = 1000, private readonly maxKeys = 100_000) {}

  async hit(key: string, limit: number, periodSeconds: number, now: number): Promise<WindowResult> {
    const w = windowOf(now, periodSeconds);
    let s = this.state.get(key);
    if (!s || s.start !== w.start) {
      if (this.state.size >= this.maxKeys) this.prune(now);
      s = { start: w.start, base: 0, pending: 0, synced: 0 };
      this.state.set(key, s);
    }
    s.pending++;
    // The first hit of a window syncs at once: a restarted node or a fresh key learns the count.
    if (now - s.synced >= this.syncMs) {
      const add = s.pending;
      s.pending = 0;
      s.synced = now;
      try {
        s.base = await this.store.counters.add(key, w.startIso, w.endIso, add);
      } catch {
        s.pending += add; // the store is busy or down: count locally and try again next time
      }
      if (now - this.lastSweep > SWEEP_EVERY_MS) {
        this.lastSweep = now;
        void this.store.counters.sweep(new Date(now).toISOString(), 1000).catch(() => undefined);
      }
    }
    return result(s.base + s.pending, limit, w.end);
  }

  private prune(now: number): void {
    for (const [k, s] of this.state) if (s.start + 3600_000 < now || s.pending === 0) this.state.delete(k);
    if (this.state.size >= this.maxKeys) this.state.clear();
  }
}
