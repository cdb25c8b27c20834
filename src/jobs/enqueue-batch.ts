import type { NewJob, Store } from '../store/port.js';

interface Pending {
  job: NewJob;
  resolve: (created: boolean) => void;
  reject: (e: unknown) => void;
}

/**
 * Collects enqueues made in the same tick and commits them in one transaction: under load the
 * inbox pays one commit per batch instead of one per request. Each caller's promise settles only
 * after the commit, so a 202 still means "durably queued".
 */
export class BatchedEnqueuer {
  private pending: Pending[] = [];
  private scheduled = false;
  constructor(private readonly store: Store, private readonly now: () => Date, private readonly maxBatch = 200) {}

  enqueue(job: NewJob): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
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
      const now = this.now().toISOString();
      const results = await this.store.transaction(async (tx) => {
        const out: boolean[] = [];
        for (const p of batch) out.push((await tx.jobs.enqueue(p.job, now)).created);
        return out;
      });
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}
