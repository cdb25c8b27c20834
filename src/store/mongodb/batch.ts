import { MAX_BATCH } from '../port/actors.js';

/**
 * The distinct keys in lists of at most MAX_BATCH, one `$in` each: MongoDB walks an index once per
 * `$in` value ("Query Plans": an $in on an indexed field is a set of index point ranges), and a
 * bounded list keeps each query document far below the 16 MB BSON limit and the plan cheap.
 */
export function keyChunks(keys: readonly string[]): string[][] {
  const distinct = [...new Set(keys)];
  const out: string[][] = [];
  for (let i = 0; i < distinct.length; i += MAX_BATCH) out.push(distinct.slice(i, i + MAX_BATCH));
  return out;
}

/** Runs `read` over each chunk of the keys in parallel and concatenates the answers. */
export async function inChunks<T>(keys: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(keyChunks(keys).map(read))).flat();
}
