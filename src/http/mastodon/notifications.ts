import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { notFound } from '../../errors.js';
import type { NotificationFilter, NotificationType } from '../../store/port.js';
import { requireAuth } from '../plugins/auth.js';
import { StatusPresenter } from './entities/status.js';
import { visibleNotifications } from '../../domain/relations/filter.js';
import { filtersFor } from './filtering.js';
import type { ActiveFilter } from '../../domain/filters/match.js';
import { pageParams, setBoundLinks, setPageLinks } from './paging.js';
import { GROUPABLE, groupedPage, groupKeyOf, groupMembers, SAMPLE_ACCOUNTS, type NotificationGroup } from '../../domain/notifications/groups.js';
import { getNotificationPolicy, updateNotificationPolicy, type PolicyFields } from '../../domain/notifications/policy.js';
import { readSchema } from '../../schemas.js';
import { toBool } from './params.js';
import type { Actor, StoredNotification } from '../../store/port.js';
import type { MastodonAccount } from './entities/account.js';
import type { MastodonStatus } from './entities/status.js';

type Params = Record<string, unknown>;

const KNOWN: ReadonlySet<string> = new Set(['follow', 'follow_request', 'mention', 'favourite', 'reblog', 'status', 'update']);

const listParam = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(String);

/** types[] / exclude_types[] as Mastodon reads them; asking for `mention` includes adoptions (shown as mentions). */
function filterOf(q: Params): NotificationFilter {
  const widen = (types: string[]) => {
    const known = types.filter((t) => KNOWN.has(t)) as NotificationType[];
    return known.includes('mention') ? [...known, 'adoption' as const] : known;
  };
  const types = listParam(q.types);
  const filter: NotificationFilter = {};
  if (types.length) filter.types = widen(types);
  const exclude = listParam(q.exclude_types);
  if (exclude.length) filter.excludeTypes = widen(exclude);
  if (typeof q.account_id === 'string' && q.account_id) filter.fromActorId = q.account_id;
  return filter;
}

/** grouped_types[]: the types the client shows grouped (Mastodon's default: favourite, follow, reblog). */
function groupedTypesOf(q: Params): NotificationType[] {
  if (q.grouped_types === undefined) return [...GROUPABLE];
  return listParam(q.grouped_types).filter((t): t is NotificationType => (GROUPABLE as readonly string[]).includes(t));
}

/** unread_count's `limit`: default 100, at most 1000 (Mastodon's). */
function unreadLimit(v: unknown): number {
  const n = Math.abs(parseInt(String(v ?? ''), 10));
  return !Number.isFinite(n) || n === 0 ? 100 : Math.min(n, 1000);
}

/** Mastodon's NotificationGroup entity. */
export interface MastodonNotificationGroup {
  group_key: string;
  notifications_count: number;
  type: string;
  most_recent_notification_id: string;
  page_min_id?: string;
  page_max_id?: string;
  latest_page_notification_at?: string;
  sample_account_ids: string[];
  status_id?: string;
}

export interface GroupedResults {
  accounts: MastodonAccount[];
  statuses: MastodonStatus[];
  notification_groups: MastodonNotificationGroup[];
  /** With expand_accounts=partial_avatars: the sample accounts after each group's first. */
  partial_accounts?: Array<Pick<MastodonAccount, 'id' | 'acct' | 'url' | 'avatar' | 'avatar_static' | 'locked' | 'bot'>>;
}

/**
 * Groups as Mastodon's GroupedNotificationsPresenter answers them: the sample accounts (up to 8,
 * newest first) and the statuses once each, side by side with the groups. A group whose post is
 * gone, or whose every sender is, is left out (as v1 leaves such notifications out).
 */
async function presentGroups(deps: FedDeps, viewer: Actor, groups: NotificationGroup[], paged: boolean, filters: readonly ActiveFilter[] = [], partialAvatars = false): Promise<GroupedResults> {
  const p = new StatusPresenter(deps, viewer, filters);
  const accounts = new Map<string, MastodonAccount>();
  const statuses = new Map<string, MastodonStatus>();
  const out: MastodonNotificationGroup[] = [];
  // The page's posts in one read, then everything they and the likely samples need in one preload.
  const statusIds = [...new Set(groups.map((g) => g.latest.statusId).filter((id): id is string => !!id))];
  const objects = new Map((statusIds.length ? await deps.store.objects.getByIds(statusIds) : []).map((o) => [o.id, o]));
  p.preload([...objects.values()].filter((o) => !o.deletedAt), groups.flatMap((g) => [...new Set(g.members.map((m) => m.fromActorId))].slice(0, SAMPLE_ACCOUNTS)));
  for (const g of groups) {
    const n = g.latest;
    let status: MastodonStatus | undefined;
    if (n.statusId) {
      status = statuses.get(n.statusId);
      if (!status) {
        const object = objects.get(n.statusId);
        status = object && !object.deletedAt ? await p.status(object) : undefined;
        if (!status) continue;
        statuses.set(n.statusId, status);
      }
    }
    const sample: string[] = [];
    for (const m of g.members) {
      if (sample.length >= SAMPLE_ACCOUNTS) break;
      if (sample.includes(m.fromActorId)) continue;
      const account = accounts.get(m.fromActorId) ?? (await p.account(m.fromActorId));
      if (!account) continue;
      accounts.set(m.fromActorId, account);
      sample.push(account.id);
    }
    if (sample.length === 0) continue;
    const ids = g.members.map((m) => m.id);
    out.push({
      group_key: g.key,
      notifications_count: g.members.length,
      type: n.type === 'adoption' ? 'mention' : n.type,
      most_recent_notification_id: n.id,
      ...(paged ? { page_min_id: ids.at(-1)!, page_max_id: ids[0]!, latest_page_notification_at: n.createdAt } : {}),
      sample_account_ids: sample,
      ...(n.statusId ? { status_id: n.statusId } : {}),
    });
  }
  if (!partialAvatars) return { accounts: [...accounts.values()], statuses: [...statuses.values()], notification_groups: out };
  // Mastodon's GroupedNotificationsPresenter: full accounts for each group's first sample, avatars for the rest.
  const full = new Set(out.map((g) => g.sample_account_ids[0]!));
  const partial = [...new Set(out.flatMap((g) => g.sample_account_ids.slice(1)))].filter((id) => !full.has(id)).map((id) => accounts.get(id)!);
  return {
    accounts: [...full].map((id) => accounts.get(id)!),
    statuses: [...statuses.values()],
    notification_groups: out,
    partial_accounts: partial.map((a) => ({ id: a.id, acct: a.acct, url: a.url, avatar: a.avatar, avatar_static: a.avatar_static, locked: a.locked, bot: a.bot })),
  };
}

const byIdDesc = (a: StoredNotification, b: StoredNotification) => (a.id.length !== b.id.length ? b.id.length - a.id.length : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function policyEntity(policy: PolicyFields) {
  return {
    for_not_following: policy.forNotFollowing,
    for_not_followers: policy.forNotFollowers,
    for_new_accounts: policy.forNewAccounts,
    for_private_mentions: policy.forPrivateMentions,
    for_limited_accounts: policy.forLimitedAccounts,
    // No notification requests are kept (filtered ones are not stored): nothing pending.
    summary: { pending_requests_count: 0, pending_notifications_count: 0 },
  };
}

/** Mastodon 4.3's v1 view of the same policy: booleans (anything not `accept` filters). */
function policyEntityV1(policy: PolicyFields) {
  return {
    filter_not_following: policy.forNotFollowing !== 'accept',
    filter_not_followers: policy.forNotFollowers !== 'accept',
    filter_new_accounts: policy.forNewAccounts !== 'accept',
    filter_private_mentions: policy.forPrivateMentions !== 'accept',
    summary: { pending_requests_count: 0, pending_notifications_count: 0 },
  };
}

export async function notificationRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const me = (request: FastifyRequest) => request.principal!.actor!;

  app.get('/v1/notifications', { preHandler: requireAuth(deps, 'read:notifications') }, async (request, reply) => {
    const q = request.query as Params;
    const filter = filterOf(q);
    const page = pageParams(q, 40);
    // Asking only for types this server does not know: nothing.
    const stored = filter.types && filter.types.length === 0 ? [] : await deps.store.notifications.list(me(request).id, filter, page);
    setPageLinks(deps, request, reply, stored.map((n) => n.id), page.limit);
    // From blocked accounts and domains and muted notifications: left out (Mastodon drops them);
    // a notification about a post a `hide` filter matches (notifications context) too.
    const p = new StatusPresenter(deps, me(request), await filtersFor(deps, request, 'notifications'));
    const shown = await visibleNotifications(deps, me(request), stored);
    return (await p.notifications(shown)).filter(Boolean);
  });

  app.get('/v1/notifications/unread_count', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) => {
    const marker = (await deps.store.markers.get(request.principal!.user!.id, ['notifications']))[0];
    const q = request.query as Params;
    return { count: Math.min(await deps.store.notifications.count(me(request).id, { ...filterOf(q), sinceId: marker?.lastReadId }), unreadLimit(q.limit)) };
  });

  const policySchema = { body: readSchema('mastodon/notification-policy.json') };
  app.get('/v1/notifications/policy', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) =>
    policyEntityV1(await getNotificationPolicy(deps, request.principal!.user!.id)));
  // Rails' `resource ... only: [:update]`: PATCH and PUT alike (masto sends PUT, Phanpy PATCH).
  app.route({ method: ['PUT', 'PATCH'], url: '/v1/notifications/policy', preHandler: requireAuth(deps, 'write:notifications'), schema: policySchema, handler: async (request) => {
    const b = (request.body ?? {}) as Params;
    const v1 = (v: unknown) => { const on = toBool(v); return on === undefined ? undefined : on ? 'filter' : 'accept'; };
    return policyEntityV1(await updateNotificationPolicy(deps, request.principal!.user!.id, {
      forNotFollowing: v1(b.filter_not_following), forNotFollowers: v1(b.filter_not_followers),
      forNewAccounts: v1(b.filter_new_accounts), forPrivateMentions: v1(b.filter_private_mentions),
    }));
  } });
  app.get('/v2/notifications/policy', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) =>
    policyEntity(await getNotificationPolicy(deps, request.principal!.user!.id)));
  app.route({ method: ['PUT', 'PATCH'], url: '/v2/notifications/policy', preHandler: requireAuth(deps, 'write:notifications'), schema: policySchema, handler: async (request) => {
    const b = (request.body ?? {}) as Params;
    return policyEntity(await updateNotificationPolicy(deps, request.principal!.user!.id, {
      forNotFollowing: b.for_not_following, forNotFollowers: b.for_not_followers, forNewAccounts: b.for_new_accounts,
      forPrivateMentions: b.for_private_mentions, forLimitedAccounts: b.for_limited_accounts,
    }));
  } });

  // Grouped notifications (Mastodon 4.3): groups of a page, Link by notification ids.
  app.get('/v2/notifications', { preHandler: requireAuth(deps, 'read:notifications') }, async (request, reply) => {
    const q = request.query as Params;
    const filter = filterOf(q);
    const page = pageParams(q, 40);
    if (filter.types && filter.types.length === 0) return { accounts: [], statuses: [], notification_groups: [] };
    const result = await groupedPage(deps, me(request).id, filter, page, groupedTypesOf(q));
    if (result.newestId && result.oldestId) setBoundLinks(deps, request, reply, { newest: result.newestId, oldest: result.oldestId, more: result.more });
    return presentGroups(deps, me(request), result.groups, true, await filtersFor(deps, request, 'notifications'), q.expand_accounts === 'partial_avatars');
  });

  app.get('/v2/notifications/unread_count', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) => {
    const q = request.query as Params;
    const filter = filterOf(q);
    if (filter.types && filter.types.length === 0) return { count: 0 };
    const marker = (await deps.store.markers.get(request.principal!.user!.id, ['notifications']))[0];
    const limit = unreadLimit(q.limit);
    const result = await groupedPage(deps, me(request).id, filter, { limit, ...(marker ? { sinceId: marker.lastReadId } : {}) }, groupedTypesOf(q));
    return { count: Math.min(result.groups.length, limit) };
  });

  const wholeGroup = async (request: FastifyRequest): Promise<NotificationGroup> => {
    const key = (request.params as { group_key: string }).group_key;
    const members = (await groupMembers(deps, me(request).id, key)).sort(byIdDesc);
    if (members.length === 0) throw notFound('NOTIFICATION_NOT_FOUND', 'Record not found');
    return { key, latest: members[0]!, members };
  };
  app.get('/v2/notifications/:group_key', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) => {
    const result = await presentGroups(deps, me(request), [await wholeGroup(request)], false);
    if (result.notification_groups.length === 0) throw notFound('NOTIFICATION_NOT_FOUND', 'Record not found');
    return result;
  });
  app.get('/v2/notifications/:group_key/accounts', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) => {
    const group = await wholeGroup(request);
    const ids = [...new Set(group.members.map((m) => m.fromActorId))];
    return (await new StatusPresenter(deps, me(request)).accountsOf(ids)).filter((a): a is MastodonAccount => !!a);
  });
  // As Mastodon: dismissing answers {} whether or not the group still had notifications.
  app.post('/v2/notifications/:group_key/dismiss', { preHandler: requireAuth(deps, 'write:notifications') }, async (request) => {
    for (const n of await groupMembers(deps, me(request).id, (request.params as { group_key: string }).group_key)) {
      await deps.store.notifications.dismiss(me(request).id, n.id);
    }
    return {};
  });

  app.get('/v1/notifications/:id', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) => {
    const id = (request.params as { id: string }).id;
    const found = await deps.store.notifications.getById(me(request).id, id);
    const n = found && (await visibleNotifications(deps, me(request), [found]))[0];
    const out = n ? await new StatusPresenter(deps, me(request)).notification(n) : undefined;
    if (!out) throw notFound('NOTIFICATION_NOT_FOUND', 'Record not found');
    return out;
  });

  app.post('/v1/notifications/clear', { preHandler: requireAuth(deps, 'write:notifications') }, async (request) => {
    await deps.store.notifications.clear(me(request).id);
    return {};
  });

  app.post('/v1/notifications/:id/dismiss', { preHandler: requireAuth(deps, 'write:notifications') }, async (request) => {
    if (!(await deps.store.notifications.dismiss(me(request).id, (request.params as { id: string }).id))) throw notFound('NOTIFICATION_NOT_FOUND', 'Record not found');
    return {};
  });
}
