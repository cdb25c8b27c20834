import { MongoError } from 'mongodb';
import { StoreConflict } from '../port.js';

/** 11000 is MongoDB's duplicate-key error on a unique index (11001 an old alias). */
export function isDuplicateKey(e: unknown): boolean {
  if (!(e instanceof MongoError)) return false;
  const code = (e as { code?: unknown }).code;
  return code === 11000 || code === 11001;
}

/** Unique-index failures become StoreConflict, as the port promises (same as sqlite/table.ts). */
export async function withConflict<R>(what: string, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (e) {
    if (isDuplicateKey(e)) throw new StoreConflict(`${what}: ${(e as Error).message}`, { cause: e });
    throw e;
  }
}

/** A transaction that lost a write conflict or a primary election may be run again from the start. */
export function isTransientTransactionError(e: unknown): boolean {
  return e instanceof MongoError && e.hasErrorLabel('TransientTransactionError');
}

export function isUnknownCommitResult(e: unknown): boolean {
  return e instanceof MongoError && e.hasErrorLabel('UnknownTransactionCommitResult');
}
