import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { notFound } from '../../errors.js';
import type { NotificationFilter, NotificationType } from '../../store/port.js';
import { requireAuth } from '../plugins/auth.js';
import { StatusPresenter } from './entities/status.js';
import { visibleNotifications } from '../../domain/relations/filter.js';
import { pageParams, setPageLinks } from './paging.js';

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

export async function notificationRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const me = (request: FastifyRequest) => request.principal!.actor!;

  app.get('/v1/notifications', { preHandler: requireAuth(deps, 'read:notifications') }, async (request, reply) => {
    const q = request.query as Params;
    const filter = filterOf(q);
    const page = pageParams(q, 40);
    // Asking only for types this server does not know: nothing.
    const stored = filter.types && filter.types.length === 0 ? [] : await deps.store.notifications.list(me(request).id, filter, page);
    setPageLinks(deps, request, reply, stored.map((n) => n.id), page.limit);
    const p = new StatusPresenter(deps, me(request));
    // From blocked accounts and domains and muted notifications: left out (Mastodon drops them).
    const shown = await visibleNotifications(deps, me(request), stored);
    return (await Promise.all(shown.map((n) => p.notification(n)))).filter(Boolean);
  });

  app.get('/v1/notifications/unread_count', { preHandler: requireAuth(deps, 'read:notifications') }, async (request) => {
    const marker = (await deps.store.markers.get(request.principal!.user!.id, ['notifications']))[0];
    return { count: Math.min(await deps.store.notifications.count(me(request).id, { ...filterOf(request.query as Params), sinceId: marker?.lastReadId }), 1000) };
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
