import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { getAccount } from '../../domain/accounts/directory.js';
import { getOwnList } from '../../domain/lists/lists.js';
import { conversationsOf } from '../../domain/statuses/conversations.js';
import { limitParam } from './params.js';
import { accountTimeline, homeTimeline, listTimeline, pinnedTimeline, publicTimeline, tagTimeline, type Origin } from '../../domain/statuses/timelines.js';
import { visibleFor, viewerRelations } from '../../domain/relations/filter.js';
import type { Actor } from '../../store/port.js';
import { DomainError } from '../../errors.js';
import { optionalAuth, requireAuth } from '../plugins/auth.js';
import { StatusPresenter } from './entities/status.js';
import { filteringPresenter } from './filtering.js';
import { pageParams, setBoundLinks, setPageLinks } from './paging.js';
import { toBool } from './params.js';

type Params = Record<string, unknown>;

const viewerOf = (request: FastifyRequest): Actor | null => request.principal?.actor ?? null;

function originOf(q: Params): Origin {
  if (toBool(q.local)) return 'local';
  if (toBool(q.remote)) return 'remote';
  return 'all';
}

/** Timelines, newest first, paged exactly as Mastodon (max_id, since_id, min_id, limit, Link). */
export async function timelineRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  app.get('/v1/timelines/home', { preHandler: requireAuth(deps, 'read:statuses') }, async (request, reply) => {
    const page = pageParams(request.query, 20);
    const { entries, read } = await homeTimeline(deps, request.principal!.actor!, page, request.principal!.user?.id);
    // Bounds from what the store read: exclusive lists, blocks and mutes may thin a page that is not the last.
    if (read.length) setBoundLinks(deps, request, reply, { newest: read[0]!, oldest: read.at(-1)!, more: read.length >= page.limit });
    return (await filteringPresenter(deps, request, 'home')).entries(await visibleFor(deps, viewerOf(request), entries, 'home'));
  });

  app.get('/v1/timelines/public', { preHandler: optionalAuth(deps) }, async (request, reply) => {
    const q = request.query as Params;
    const page = pageParams(q, 20);
    // No media is stored yet: a media-only timeline is honestly empty.
    const objects = toBool(q.only_media) ? [] : await publicTimeline(deps, originOf(q), page);
    setPageLinks(deps, request, reply, objects.map((o) => o.id), page.limit);
    return (await filteringPresenter(deps, request, 'public')).entries(await visibleFor(deps, viewerOf(request), objects.map((o) => ({ id: o.id, object: o, reblog: null })), 'public'));
  });

  app.get('/v1/timelines/tag/:hashtag', { preHandler: optionalAuth(deps) }, async (request, reply) => {
    const q = request.query as Params;
    const page = pageParams(q, 20);
    const tag = (request.params as { hashtag: string }).hashtag;
    const objects = toBool(q.only_media) ? [] : await tagTimeline(deps, tag, originOf(q), page);
    setPageLinks(deps, request, reply, objects.map((o) => o.id), page.limit);
    return (await filteringPresenter(deps, request, 'public')).entries(await visibleFor(deps, viewerOf(request), objects.map((o) => ({ id: o.id, object: o, reblog: null })), 'public'));
  });

  app.get('/v1/timelines/list/:id', { preHandler: requireAuth(deps, 'read:lists') }, async (request, reply) => {
    const list = await getOwnList(deps, request.principal!.user!.id, (request.params as { id: string }).id);
    const page = pageParams(request.query, 20);
    const { entries, read } = await listTimeline(deps, request.principal!.actor!, list, page);
    if (read.length) setBoundLinks(deps, request, reply, { newest: read[0]!, oldest: read.at(-1)!, more: read.length >= page.limit });
    // Mastodon applies the home context to lists, and home's block and mute rules.
    return (await filteringPresenter(deps, request, 'home')).entries(await visibleFor(deps, viewerOf(request), entries, 'home'));
  });

  // Direct conversations, grouped by thread; no read state is kept yet, so none is unread.
  const conversations = async (request: FastifyRequest) => {
    const viewer = request.principal!.actor!;
    const p = new StatusPresenter(deps, viewer);
    const rel = await viewerRelations(deps, viewer);
    const all = await conversationsOf(deps, viewer, limitParam((request.query as Params).limit, 20));
    // A conversation whose last post is of a blocked or muted account is left out.
    const list = [];
    for (const c of all) if (!rel || !(await rel.hides({ id: c.last.id, object: c.last, reblog: null }, 'thread'))) list.push(c);
    p.preload(list.map((c) => c.last), list.flatMap((c) => c.participants.map((a) => a.id)));
    return Promise.all(list.map(async (c) => ({
      id: c.id,
      unread: false,
      accounts: (await p.accountsOf(c.participants.map((a) => a.id))).filter(Boolean),
      last_status: await p.status(c.last),
    })));
  };
  app.get('/v1/conversations', { preHandler: requireAuth(deps, 'read:statuses') }, async (request) => conversations(request));
  app.post('/v1/conversations/:id/read', { preHandler: requireAuth(deps, 'write:conversations') }, async (request) => {
    const found = (await conversations(request)).find((c) => c.id === (request.params as { id: string }).id);
    if (!found) throw new DomainError('not_found', 'CONVERSATION_NOT_FOUND', 'Record not found');
    return found;
  });

  app.get('/v1/accounts/:id/statuses', { preHandler: optionalAuth(deps) }, async (request, reply) => {
    const q = request.query as Params;
    const account = await getAccount(deps, (request.params as { id: string }).id);
    const page = pageParams(q, 20);
    // Media-only is not indexed: that filter has nothing to show.
    const entries = toBool(q.only_media) ? []
      : toBool(q.pinned) ? await pinnedTimeline(deps, viewerOf(request), account, page)
        : await accountTimeline(deps, viewerOf(request), account, page, { excludeReplies: toBool(q.exclude_replies), excludeReblogs: toBool(q.exclude_reblogs) });
    setPageLinks(deps, request, reply, entries.map((e) => e.id), page.limit);
    return (await filteringPresenter(deps, request, 'account')).entries(await visibleFor(deps, viewerOf(request), entries, 'account'));
  });
}
