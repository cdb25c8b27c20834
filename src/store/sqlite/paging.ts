import type { Page } from '../port.js';

/**
 * Mastodon's paging over a time-ordered id column: `max_id` and `since_id` bound a newest-first
 * page; `min_id` reads upwards from it (ascending, then reversed) so the page holds the entries
 * right after `min_id`, not the newest ones.
 */
export function pageSql(column: string, page: Page): { where: string; params: string[]; order: string; ascending: boolean } {
  const where: string[] = [];
  const params: string[] = [];
  if (page.maxId) {
    where.push(`${column} < ?`);
    params.push(page.maxId);
  }
  const lower = page.minId ?? page.sinceId;
  if (lower) {
    where.push(`${column} > ?`);
    params.push(lower);
  }
  const ascending = !!page.minId;
  return { where: where.length ? where.join(' AND ') : '1', params, order: `${column} ${ascending ? 'ASC' : 'DESC'}`, ascending };
}

/** Ids of equal width compare as text; of unequal width, the longer is the larger. */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
