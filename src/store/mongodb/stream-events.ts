import type { ChangeStream, ResumeToken } from 'mongodb';
import { newId } from '../../ids.js';
import type { StoredStreamEvent, StreamEventRepository } from '../port.js';
import type { Doc } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

/** Kept this long for change streams to resume over (a TTL index removes them after). */
const KEEP_MS = 10 * 60_000;

/**
 * Events inserted inside the change's transaction; every node reads them through a change stream,
 * which reports a transaction's writes only once it commits, in commit (oplog) order (MongoDB
 * manual, "Change Streams" and "Change Events: Transactions"), so a rolled-back change announces
 * nothing. A stream that fails (a failover) is reopened after the last event it gave
 * (`resumeAfter`), so no committed event is skipped.
 */
export class MongoStreamEvents implements StreamEventRepository {
  constructor(private readonly ctx: MongoCtx) {}
  private get c() { return this.ctx.db.collection<Doc>(COLLECTIONS.streamEvents); }
  private get o() { return this.ctx.session ? { session: this.ctx.session } : {}; }

  async append(event: Record<string, unknown>, at: string): Promise<void> {
    await this.c.insertOne({ _id: newId(Date.parse(at)), body: JSON.stringify(event), createdAt: at, expireAt: new Date(Date.parse(at) + KEEP_MS) }, this.o);
  }

  subscribe(onEvent: (e: StoredStreamEvent) => void) {
    let closed = false;
    let resume: ResumeToken | undefined;
    let stream: ChangeStream | undefined;
    const open = () => {
      if (closed) return;
      stream = this.c.watch([{ $match: { operationType: 'insert' } }], resume ? { resumeAfter: resume } : {});
      stream.on('change', (change) => {
        resume = change._id;
        if (change.operationType !== 'insert') return;
        const doc = change.fullDocument as { body: string; createdAt: string };
        onEvent({ position: JSON.stringify(change._id), event: JSON.parse(doc.body) as Record<string, unknown>, createdAt: doc.createdAt });
      });
      stream.once('error', () => {
        void stream?.close().catch(() => undefined);
        if (!closed) setTimeout(open, 1000).unref();
      });
    };
    open();
    return {
      poke: () => undefined,
      close: async () => { closed = true; await stream?.close().catch(() => undefined); },
    };
  }

  async prune(before: string, limit: number): Promise<number> {
    const ids = (await this.c.find({ createdAt: { $lt: before } }, { ...this.o, projection: { _id: 1 }, limit }).toArray()).map((d) => d._id);
    if (!ids.length) return 0;
    return (await this.c.deleteMany({ _id: { $in: ids } }, this.o)).deletedCount;
  }
}
