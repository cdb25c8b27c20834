/**
 * Fixed-window counters, as Mastodon's rack-attack throttles: a window starts at a multiple of the
 * period, so every node and every client agree on when it resets. In memory, per process: with N
 * nodes behind a balancer the effective limit is up to N times higher (documented in SECURITY.md).
 */
export interface WindowResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends. */
  resetAt: Date;
}

export class FixedWindowCounter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();
  private lastSweep = 0;

  constructor(private readonly maxKeys = 100_000) {}

  /** Counts one hit for `key` and says whether it is within `limit` per `periodSeconds`. */
  hit(key: string, limit: number, periodSeconds: number, now: number): WindowResult {
    return this.apply(key, limit, periodSeconds, now, 1);
  }

  /** The state without counting (for "is this account locked?"). */
  peek(key: string, limit: number, periodSeconds: number, now: number): WindowResult {
    return this.apply(key, limit, periodSeconds, now, 0);
  }

  reset(key: string): void {
    this.counts.delete(key);
  }

  private apply(key: string, limit: number, periodSeconds: number, now: number, add: number): WindowResult {
    const period = periodSeconds * 1000;
    const windowStart = now - (now % period);
    this.sweep(now, period);
    let entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      entry = { windowStart, count: 0 };
      if (add) this.counts.set(key, entry);
    }
    entry.count += add;
    return { allowed: entry.count <= limit, limit, remaining: Math.max(0, limit - entry.count), resetAt: new Date(windowStart + period) };
  }

  // Old windows are dropped lazily; a hard cap keeps a flood of distinct keys from growing memory.
  private sweep(now: number, period: number): void {
    if (now - this.lastSweep < period && this.counts.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [key, entry] of this.counts) if (entry.windowStart + period <= now) this.counts.delete(key);
    if (this.counts.size >= this.maxKeys) this.counts.clear();
  }
}

/** IPv6 clients usually own a whole /64; count them together, as Mastodon does. */
export function throttleKeyForIp(ip: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return v4mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => (g || '0').toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
