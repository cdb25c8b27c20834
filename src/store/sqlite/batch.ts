import { MAX_BATCH } from '../port/actors.js';

/**
 * Runs `read` over the distinct keys, at most MAX_BATCH at a time, each chunk passed as one JSON
 * array parameter: the SQL says `IN (SELECT value FROM json_each(?))`, so one prepared statement
 * serves every list length (a `?, ?, ...` list would prepare and cache a statement per length)
 * and SQLite still probes the column's index once per key (the IN subquery is materialized).
 */
export function inChunks<T>(keys: readonly string[], read: (json: string) => T[]): T[] {
  const distinct = [...new Set(keys)];
  if (distinct.length === 0) return [];
  if (distinct.length <= MAX_BATCH) return read(JSON.stringify(distinct));
  const out: T[] = [];
  for (let i = 0; i < distinct.length; i += MAX_BATCH) out.push(...read(JSON.stringify(distinct.slice(i, i + MAX_BATCH))));
  return out;
}
