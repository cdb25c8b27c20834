import type { NewJob, Store } from '../store/port.js';

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Store writes requested in the same tick, committed in one transaction: under load one commit per
 * batch instead of one per write. Each caller's promise settles only after the commit, so what it
 * reports (a 202, a job marked done) is durable. A batch fails or commits as a whole.
 */
export class TickBatch<I, R> {
  private pending: Pending<I, R>[] = [];
  private scheduled = false;
  constructor(
    private readonly store: Store,
    private readonly write: (tx: Store, item: I) => Promise<R>,
    private readonly maxBatch = 200,
  ) {}

  add(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      // One write alone needs no transaction of its own (the write is one statement or does its own).
      const results = batch.length === 1
        ? [await this.write(this.store, batch[0]!.item)]
        : await this.store.transaction(async (tx) => {
          const out: R[] = [];
          for (const p of batch) out.push(await this.write(tx, p.item));
          return out;
        });
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}

/** The inbox's enqueues: a 202 still means "durably queued". */
export class BatchedEnqueuer {
  private readonly batch: TickBatch<NewJob, boolean>;
  constructor(store: Store, now: () => Date, maxBatch = 200) {
    this.batch = new TickBatch(store, async (tx, job) => (await tx.jobs.enqueue(job, now().toISOString())).created, maxBatch);
  }

  enqueue(job: NewJob): Promise<boolean> {
    return this.batch.add(job);
  }
}
