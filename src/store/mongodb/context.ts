import type { ClientSession, Db } from 'mongodb';

/**
 * What a repository needs: the database and, inside `store.transaction`, the session every
 * operation must carry. `atomically` runs a multi-document change in a transaction, joining the
 * open one when there is one (users.delete cascades the way SQLite's foreign keys do).
 */
export interface MongoCtx {
  readonly db: Db;
  readonly session: ClientSession | undefined;
  atomically<R>(fn: (ctx: MongoCtx) => Promise<R>): Promise<R>;
}
