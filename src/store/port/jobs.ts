/**
 * The durable job queue. Claims are leases so several processes sharing one store never run the
 * same job at once, and a job whose runner died comes back when its lease runs out.
 */
export type JobState = 'pending' | 'running' | 'done' | 'dead';

export interface Job {
  id: string;
  /** What runs it: 'inbox', 'fanout', 'deliver', ... */
  type: string;
  /** Idempotency key: a second enqueue with the same key (in any state) is a no-op. */
  key: string | null;
  payload: Record<string, unknown>;
  state: JobState;
  /** Failures so far. */
  attempts: number;
  /** Not claimable before this instant. */
  runAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  /** The remote host a delivery goes to, for per-host accounting. */
  host: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewJob {
  type: string;
  key?: string | null;
  payload: Record<string, unknown>;
  runAt?: string;
  host?: string | null;
}

/** States a scrape counts from the store; done jobs are counted by the runner instead (they stay a week, so a count of them is large). */
export type OpenJobState = Exclude<JobState, 'done'>;

/** What the metrics endpoint reads from the queue: every figure bounded, each from an index. */
export interface JobQueueStats {
  /** Jobs per open state, counted up to `countCap` (a reading of countCap means "at least"). */
  states: Record<OpenJobState, {
    count: number;
    /** Per type: exact up to countCap each where an index leads with the type, else among the `typeCap` oldest jobs of the state. */
    byType: Record<string, number>;
    /** false when byType is not every job of the state (the state held more than `typeCap` jobs, or a type reached countCap). */
    byTypeComplete: boolean;
  }>;
  /** Pending jobs whose runAt has come (claimable now), counted up to `countCap`. */
  due: number;
  /** runAt of the oldest pending job if it is due (runAt <= now), else null. */
  oldestDueAt: string | null;
  /** The same per type with pending jobs (at most 64 types), each counted up to `countCap`. */
  dueByType: Record<string, { due: number; oldestDueAt: string | null }>;
}

export interface JobRepository {
  /** Inserts unless a job with the same key exists; `created` says which. */
  enqueue(job: NewJob, now: string): Promise<{ job: Job; created: boolean }>;
  /**
   * Atomically takes up to `limit` due jobs: pending with runAt <= now, or running with an expired
   * lease. They become running, owned by `owner` until now + leaseMs. Taking over an expired lease
   * counts as an attempt (its runner died or stalled).
   */
  claim(options: { owner: string; now: string; leaseMs: number; limit: number; types?: string[] }): Promise<Job[]>;
  /**
   * Moves the leases of jobs `owner` still runs to `leaseUntil` (the runner's heartbeat, so a slow
   * fan-out is not taken over while it runs); returns how many it still held.
   */
  extend(ids: string[], owner: string, leaseUntil: string, now: string): Promise<number>;
  /** Marks done; false when the lease was lost (another runner owns it now). */
  complete(id: string, owner: string, now: string): Promise<boolean>;
  /** Records a failure: back to pending at `retryAt`, or dead when retryAt is null. */
  fail(id: string, owner: string, error: string, retryAt: string | null, now: string): Promise<boolean>;
  /** Gives a claimed job back untouched (graceful stop): pending, claimable at once, attempts unchanged. */
  release(id: string, owner: string, now: string): Promise<boolean>;
  get(id: string): Promise<Job | undefined>;
  getByKey(key: string): Promise<Job | undefined>;
  list(filter?: { state?: JobState; type?: string; limit?: number }): Promise<Job[]>;
  /** Dead (or pending) job back to pending now with zero attempts; false when not found or running/done. */
  retry(id: string, now: string): Promise<boolean>;
  count(filter?: { state?: JobState; type?: string }): Promise<number>;
  /**
   * The queue's shape for monitoring, at `now`. Cost is bounded by the caps, never by the number of
   * jobs: counts stop at `countCap` (index-only), the per-type split reads at most `typeCap` jobs per
   * state, the oldest due job is one index seek.
   */
  stats(options: { now: string; countCap: number; typeCap: number }): Promise<JobQueueStats>;
  /** Removes up to `limit` done jobs last updated before `before`; returns how many. Dead jobs stay. */
  pruneDone(before: string, limit: number): Promise<number>;
}

/** Delivery health of one remote host. */
export interface DeliveryHost {
  host: string;
  /** First failure of the current unbroken run of failures; null when the last attempt worked. */
  failingSince: string | null;
  failures: number;
  lastFailureAt: string | null;
  /** Set once failures span long enough; deliveries are skipped while set. */
  unavailableSince: string | null;
  lastSuccessAt: string | null;
}

export interface DeliveryHostRepository {
  get(host: string): Promise<DeliveryHost | undefined>;
  /** Counts a failure; marks the host unavailable when it has been failing since before `unavailableIfFailingSince`. */
  recordFailure(host: string, now: string, unavailableIfFailingSince: string): Promise<DeliveryHost>;
  /** Any success clears the failure run and the unavailable mark. */
  recordSuccess(host: string, now: string): Promise<void>;
  listUnavailable(): Promise<DeliveryHost[]>;
}
