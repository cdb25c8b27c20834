import { idAtTime } from '../../ids.js';
import type { NotificationFilter, NotificationType, Page, StoredNotification } from '../../store/port.js';
import type { Deps } from '../deps.js';

/**
 * Grouped notifications as Mastodon 4.3 defines them (GET /api/v2/notifications). Favourites and
 * boosts of the same post, and follows, made within one 12-hour window share a group key; every
 * other notification is its own group (`ungrouped-<id>`). Mastodon keeps its window start in
 * Redis (a group opened at 10:00 runs to 22:00); here the windows are fixed 12-hour spans of the
 * epoch, so the key is a pure function of the stored notification and needs no stored column.
 */
export const GROUPABLE: readonly NotificationType[] = ['favourite', 'reblog', 'follow'];
const SPAN_HOURS = 12;
const HOUR_MS = 3_600_000;
/** Mastodon's NotificationGroup::SAMPLE_ACCOUNTS_SIZE. */
export const SAMPLE_ACCOUNTS = 8;

const msOfId = (id: string): number => Number(BigInt(id) >> 16n);

/** The hour (since the epoch) the notification's 12-hour window starts at. */
const bucketOf = (id: string): number => Math.floor(msOfId(id) / HOUR_MS / SPAN_HOURS) * SPAN_HOURS;

/** The group key; `grouped` are the types the client groups (Mastodon's grouped_types[]). */
export function groupKeyOf(n: StoredNotification, grouped: readonly NotificationType[] = GROUPABLE): string {
  if (!GROUPABLE.includes(n.type) || !grouped.includes(n.type)) return `ungrouped-${n.id}`;
  const bucket = bucketOf(n.id);
  if (n.type === 'follow') return `follow-${bucket}`;
  return `${n.type}-${n.statusId ?? ''}-${bucket}`;
}

/** What a group key selects: a filter and an id range, or one notification. */
export type GroupSelector =
  | { kind: 'one'; id: string }
  | { kind: 'range'; filter: NotificationFilter; sinceId: string; maxId: string };

export function parseGroupKey(key: string): GroupSelector | undefined {
  const one = /^ungrouped-(\d{1,20})$/.exec(key);
  if (one) return { kind: 'one', id: one[1]! };
  const m = /^(?:(favourite|reblog)-(\d{1,20})|(follow))-(\d{1,9})$/.exec(key);
  if (!m) return undefined;
  const hour = Number(m[4]);
  if (hour % SPAN_HOURS !== 0) return undefined;
  const since = (BigInt(idAtTime(hour * HOUR_MS)) - 1n).toString();
  const max = idAtTime((hour + SPAN_HOURS) * HOUR_MS);
  const filter: NotificationFilter = m[3] ? { types: ['follow'] } : { types: [m[1] as NotificationType], statusId: m[2]! };
  return { kind: 'range', filter, sinceId: since, maxId: max };
}

export interface NotificationGroup {
  key: string;
  /** The newest notification of the group in the range read (its type and status stand for the group). */
  latest: StoredNotification;
  /** The group's notifications in the range read, newest first. */
  members: StoredNotification[];
}

export interface GroupPage {
  groups: NotificationGroup[];
  /** Newest and oldest notification id read: the page's bounds for the Link header. */
  newestId?: string;
  oldestId?: string;
  /** More may follow in the paging direction. */
  more: boolean;
}

/** Reads per round and rounds at most: a page never reads more than 8 x 80 notifications. */
const ROUNDS = 8;

/**
 * One page of groups. Mastodon loads notifications in id order and merges them into groups
 * until it has `limit` groups; so does this, reading the store in rounds. `max_id`/`since_id`
 * walk from the newest down, `min_id` from just above it up (the groups nearest to it).
 */
export async function groupedPage(deps: Pick<Deps, 'store'>, accountId: string, filter: NotificationFilter, page: Page, grouped: readonly NotificationType[]): Promise<GroupPage> {
  const limit = page.limit;
  const ascending = page.minId !== undefined;
  const byKey = new Map<string, NotificationGroup>();
  const read: StoredNotification[] = [];
  let cursor: Page = { ...page, limit };
  let more = false;
  outer: for (let round = 0; round < ROUNDS && limit > 0; round++) {
    const batch = await deps.store.notifications.list(accountId, filter, cursor);
    // The store answers newest first; walk in the paging direction.
    const ordered = ascending ? [...batch].reverse() : batch;
    for (const n of ordered) {
      const key = groupKeyOf(n, grouped);
      let group = byKey.get(key);
      if (!group) {
        if (byKey.size >= limit) {
          more = true;
          break outer;
        }
        group = { key, latest: n, members: [] };
        byKey.set(key, group);
      }
      group.members.push(n);
      read.push(n);
    }
    if (batch.length < cursor.limit) break;
    if (round === ROUNDS - 1) {
      more = true;
      break;
    }
    const last = ordered.at(-1)!.id;
    cursor = ascending ? { ...cursor, minId: last, sinceId: undefined } : { ...cursor, maxId: last };
  }
  for (const g of byKey.values()) {
    g.members.sort((a, b) => compareIds(b.id, a.id));
    g.latest = g.members[0]!;
  }
  const groups = [...byKey.values()].sort((a, b) => compareIds(b.latest.id, a.latest.id));
  const ids = read.map((n) => n.id).sort(compareIds);
  return { groups, newestId: ids.at(-1), oldestId: ids[0], more };
}

/** The whole group (no range): GET /api/v2/notifications/:group_key, dismiss. At most `cap` read. */
export async function groupMembers(deps: Pick<Deps, 'store'>, accountId: string, key: string, cap = 1000): Promise<StoredNotification[]> {
  const selector = parseGroupKey(key);
  if (!selector) return [];
  if (selector.kind === 'one') {
    // Any notification may be shown ungrouped (grouped_types leaving its type out): its own group.
    const n = await deps.store.notifications.getById(accountId, selector.id);
    return n ? [n] : [];
  }
  const out: StoredNotification[] = [];
  let maxId = selector.maxId;
  for (let round = 0; round < Math.ceil(cap / 200); round++) {
    const batch = await deps.store.notifications.list(accountId, selector.filter, { limit: 200, maxId, sinceId: selector.sinceId });
    out.push(...batch.filter((n) => groupKeyOf(n) === key));
    if (batch.length < 200) break;
    maxId = batch.at(-1)!.id;
  }
  return out;
}

export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
