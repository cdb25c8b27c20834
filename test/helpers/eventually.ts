/**
 * Polls `fn` until it returns a truthy value (returned) or throws no more; fails with `label`
 * after `deadlineMs`. Bounded by time and count; never a fixed sleep.
 */
export async function eventually<T>(label: string, fn: () => Promise<T> | T, deadlineMs = 10_000, intervalMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (let i = 0; i < 100_000; i++) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, Math.min(intervalMs * (1 + i / 10), 250)));
  }
  throw new Error(`not reached within ${deadlineMs} ms: ${label} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}
