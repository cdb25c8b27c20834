import { randomUUID } from 'node:crypto';
import type { Job, Store } from '../store/port.js';
import type { Logger } from '../log.js';
import { nextRunAt, type BackoffPolicy } from './backoff.js';
import { TickBatch } from './enqueue-batch.js';

/** Throw from a handler to retry later (network, 5xx, 429); `afterMs` honours Retry-After. */
export class RetryableJobError extends Error {
  override name = 'RetryableJobError';
  constructor(message: string, readonly afterMs = 0) {
    super(message);
  }
}

/** Throw from a handler when trying again cannot help: the job is dead-lettered at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export type JobHandler = (job: Job) => Promise<void>;

/**
 * Applies several claimed jobs of one type together: it must mark each job it finished done in
 * the same store transaction as that job's effects (so a crash leaves a job either applied and
 * done, or untouched and pending), and return the jobs it did not finish. The runner runs those
 * one by one through the job's own handler, which records failures and retries per job.
 */
export type JobBatchHandler = (jobs: Job[], owner: string) => Promise<Job[]>;

export interface RunnerOptions {
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  backoff: BackoffPolicy;
  /** How long stop() waits for running jobs before giving their leases back. */
  stopGraceMs?: number;
  /** Done jobs older than this are deleted (their keys no longer dedupe); default 7 days. */
  keepDoneMs?: number;
  /** How often to prune; default hourly. */
  pruneEveryMs?: number;
  owner?: string;
  /** Only these job types (default: every type it has a handler for). */
  types?: string[];
  /** Jobs of a type with a batch handler are applied in groups of up to `size`. */
  batch?: { size: number; handlers: Record<string, JobBatchHandler> };
  /** Whether this runner prunes done jobs (one runner of a group does). Default true. */
  prune?: boolean;
  /** Told how each run ended (the metrics); must not throw. */
  onFinished?: (job: Job, outcome: 'done' | 'retry' | 'dead' | 'lost', ms: number) => void;
}

/**
 * Polls the store for due jobs, claims them with a lease, runs up to `concurrency` at a time.
 * Other processes may run their own runner on the same store: leases keep them apart. Any
 * unexpected error counts as retryable, so a bug never loses a job; it is dead-lettered after
 * the last attempt and stays inspectable (`samspil jobs list`).
 */
export class JobRunner {
  readonly owner: string;
  private readonly active = new Map<string, Promise<void>>();
  /**
   * Completions of jobs that finish in the same tick share one transaction: in a fan-out dozens
   * of deliveries finish together, and one commit each was about a tenth of the fan-out's time.
   */
  private readonly completions: TickBatch<{ id: string; owner: string; now: string }, boolean>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { store: Store; log: Logger; now: () => Date },
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: RunnerOptions,
  ) {
    this.owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.completions = new TickBatch(deps.store, (tx, c) => tx.jobs.complete(c.id, c.owner, c.now), 500);
  }

  private pruneTimer: NodeJS.Timeout | undefined;

  private heartbeat: NodeJS.Timeout | undefined;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    // While jobs run, their leases move forward every third of a lease: a fan-out slower than one
    // lease is not taken over (and run twice) while this runner is alive and working on it.
    this.heartbeat = setInterval(() => void this.extendLeases(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    this.heartbeat.unref();
    if (this.options.prune !== false) {
      this.pruneTimer = setInterval(() => void this.prune(), this.options.pruneEveryMs ?? 3600_000);
      this.pruneTimer.unref();
    }
  }

  /**
   * Deletes old done jobs in small batches so the table does not grow forever. Redeliveries after
   * that are still no-ops: received activity ids are kept in the activities table.
   */
  async prune(): Promise<number> {
    const before = new Date(this.deps.now().getTime() - (this.options.keepDoneMs ?? 7 * 86_400_000)).toISOString();
    let total = 0;
    try {
      for (let i = 0; i < 100 && this.running; i++) {
        const n = await this.deps.store.jobs.pruneDone(before, 500);
        total += n;
        if (n < 500) break;
      }
    } catch (e) {
      this.deps.log.warn({ err: e }, 'pruning done jobs failed');
    }
    return total;
  }

  async extendLeases(): Promise<number> {
    const ids = [...this.active.keys()];
    if (!ids.length) return 0;
    const now = this.deps.now();
    try {
      return await this.deps.store.jobs.extend(ids, this.owner, new Date(now.getTime() + this.options.leaseMs).toISOString(), now.toISOString());
    } catch (e) {
      this.deps.log.warn({ err: e }, 'extending job leases failed');
      return 0;
    }
  }

  /** Shortens the idle wait: something was just enqueued. */
  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    const types = this.options.types ?? Object.keys(this.handlers);
    while (this.running) {
      const free = this.options.concurrency - this.active.size;
      // While jobs run, claim in groups of a quarter of the slots: each claim is a commit, and one
      // per finished job cost as much as an RSA signature per delivery in a large fan-out.
      const minClaim = this.active.size === 0 ? 1 : Math.max(1, Math.floor(this.options.concurrency / 4));
      let claimed: Job[] = [];
      if (free >= minClaim) {
        try {
          claimed = await this.deps.store.jobs.claim({ owner: this.owner, now: this.deps.now().toISOString(), leaseMs: this.options.leaseMs, limit: free, types });
        } catch (e) {
          if (!this.running) break;
          this.deps.log.error({ err: e }, 'job claim failed');
        }
      }
      for (const group of this.groups(claimed)) {
        const p = (group.length === 1 ? this.execute(group[0]!) : this.executeBatch(group)).finally(() => {
          for (const job of group) this.active.delete(job.id);
          this.wake();
        });
        for (const job of group) this.active.set(job.id, p);
      }
      // A full batch may mean more is due: look again at once; otherwise sleep until poked.
      if (claimed.length > 0 && claimed.length === free) continue;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.timer = setTimeout(resolve, this.options.pollMs);
      });
      clearTimeout(this.timer);
      this.wakeUp = undefined;
    }
  }

  /** Claimed jobs in the groups they run in: one batch per type with a batch handler, else alone. */
  private groups(claimed: Job[]): Job[][] {
    const batch = this.options.batch;
    if (!batch || claimed.length < 2) return claimed.map((j) => [j]);
    const out: Job[][] = [];
    const byType = new Map<string, Job[]>();
    for (const job of claimed) {
      // A job its runners kept dying on goes alone, to be dead-lettered by execute().
      if (!batch.handlers[job.type] || job.attempts >= this.options.backoff.maxAttempts) out.push([job]);
      else byType.set(job.type, [...(byType.get(job.type) ?? []), job]);
    }
    for (const jobs of byType.values()) for (let i = 0; i < jobs.length; i += batch.size) out.push(jobs.slice(i, i + batch.size));
    return out;
  }

  private async executeBatch(jobs: Job[]): Promise<void> {
    const handler = this.options.batch!.handlers[jobs[0]!.type]!;
    let rest: Job[];
    const started = performance.now();
    try {
      rest = await handler(jobs, this.owner);
      // Each job the batch finished counts as done, with its share of the batch's time.
      if (this.options.onFinished && rest.length < jobs.length) {
        const share = (performance.now() - started) / jobs.length;
        const left = new Set(rest.map((j) => j.id));
        for (const job of jobs) if (!left.has(job.id)) this.options.onFinished(job, 'done', share);
      }
    } catch (e) {
      // One job's failure rolls the whole batch back: each runs alone, so only it fails.
      this.deps.log.info({ err: e, jobs: jobs.length, type: jobs[0]!.type }, 'job batch failed; running its jobs one by one');
      rest = jobs;
    }
    for (const job of rest) await this.execute(job);
  }

  private async execute(job: Job): Promise<void> {
    const log = this.deps.log.child({ job: job.id, type: job.type });
    const handler = this.handlers[job.type]!;
    const started = performance.now();
    const finished = (outcome: 'done' | 'retry' | 'dead' | 'lost') => this.options.onFinished?.(job, outcome, performance.now() - started);
    // Taken over from runners that died or stalled this often (each takeover counted an attempt):
    // the job itself is the likely cause, so it is dead-lettered rather than run again.
    if (job.attempts >= this.options.backoff.maxAttempts) {
      log.warn({ attempts: job.attempts }, 'job dead-lettered: its runners stopped while running it too often');
      await this.deps.store.jobs.fail(job.id, this.owner, `its runners stopped ${job.attempts} times while running it (crashed or stalled past the lease)`, null, this.deps.now().toISOString()).catch(() => false);
      finished('dead');
      return;
    }
    try {
      await handler(job);
      const kept = await this.completions.add({ id: job.id, owner: this.owner, now: this.deps.now().toISOString() });
      if (!kept) log.warn('job finished after its lease was lost');
      finished(kept ? 'done' : 'lost');
    } catch (e) {
      const failures = job.attempts + 1;
      const message = (e as Error)?.message ?? String(e);
      const now = this.deps.now();
      const retryAt = e instanceof PermanentJobError ? null : nextRunAt(this.options.backoff, failures, now, e instanceof RetryableJobError ? e.afterMs : 0);
      if (!(e instanceof RetryableJobError) && !(e instanceof PermanentJobError)) log.error({ err: e }, 'job failed unexpectedly');
      else log.info({ failures, retryAt: retryAt?.toISOString() ?? null, reason: message }, retryAt ? 'job will be retried' : 'job dead-lettered');
      try {
        await this.deps.store.jobs.fail(job.id, this.owner, message, retryAt?.toISOString() ?? null, now.toISOString());
      } catch (storeError) {
        // The store is closing or gone: the lease expires and another run picks the job up.
        log.warn({ err: storeError }, 'could not record a job failure');
      }
      finished(retryAt ? 'retry' : 'dead');
    }
  }

  /** Stops claiming; waits for running jobs up to the grace period; gives back the leases of the rest. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.pruneTimer);
    clearInterval(this.heartbeat);
    this.wake();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), this.options.stopGraceMs ?? 10_000)));
    const outcome = await Promise.race([Promise.allSettled([...this.active.values()]).then(() => 'done' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const now = this.deps.now().toISOString();
      for (const id of this.active.keys()) await this.deps.store.jobs.release(id, this.owner, now).catch(() => false);
    }
  }

  get activeCount(): number {
    return this.active.size;
  }
}
