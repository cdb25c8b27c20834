export interface BackoffPolicy {
  baseMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

/**
 * Delay before the next try after the `failures`-th failure: base * 2^(failures-1), capped, with
 * up to 10 % jitter so a host that comes back is not hit by every queued job in the same instant.
 * With the defaults (1 min base, 12 h cap, 14 attempts) a job is retried for about 2.7 days.
 */
export function retryDelayMs(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.baseMs * 2 ** Math.max(0, failures - 1), policy.maxDelayMs);
  return Math.round(exp * (1 + 0.1 * random()));
}

/** When the job should run again, or null when it has failed for the last time. */
export function nextRunAt(policy: BackoffPolicy, failures: number, now: Date, minDelayMs = 0, random?: () => number): Date | null {
  if (failures >= policy.maxAttempts) return null;
  return new Date(now.getTime() + Math.max(retryDelayMs(policy, failures, random), minDelayMs));
}

/** Total time a job keeps being retried before it is dead-lettered (without jitter). */
export function retryHorizonMs(policy: BackoffPolicy): number {
  let total = 0;
  for (let n = 1; n < policy.maxAttempts; n++) total += retryDelayMs(policy, n, () => 0);
  return total;
}
