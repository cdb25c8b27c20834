import type { FastifyInstance } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { search } from '../../domain/search/search.js';
import { DomainError } from '../../errors.js';
import { hasScope } from '../../domain/auth/authenticate.js';
import { optionalAuth } from '../plugins/auth.js';
import { serializeAccount } from './entities/account.js';
import { StatusPresenter } from './entities/status.js';
import { viewerRelations } from '../../domain/relations/filter.js';
import { limitParam, toBool } from './params.js';
import { isId } from '../../ids.js';

type Params = Record<string, unknown>;

export async function searchRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  // The Tag entity apps fetch when they open a hashtag; following tags is not stored yet.
  app.get('/v1/tags/:name', { preHandler: optionalAuth(deps) }, async (request) => {
    const name = (request.params as { name: string }).name.replace(/^#/, '').toLowerCase();
    // Known: some public post carries it.
    const known = (await deps.store.statuses.tagTimeline(name, { origin: 'all' }, { limit: 1 })).length > 0;
    if (!known) throw new DomainError('not_found', 'TAG_NOT_FOUND', 'Record not found');
    return { name, url: `${deps.urls.base}/tags/${encodeURIComponent(name)}`, history: [], following: false };
  });

  app.get('/v2/search', { preHandler: optionalAuth(deps) }, async (request) => {
    const q = request.query as Params;
    if (typeof q.q !== 'string' || !q.q.trim()) throw new DomainError('invalid', 'PARAM_MISSING', 'param is missing or the value is empty: q');
    const principal = request.principal;
    // Mastodon: the read:search scope when signed in; anonymous searches never resolve or page.
    if (principal && !hasScope(principal.scopes, 'read:search')) throw new DomainError('forbidden', 'SCOPE_MISSING', 'This action is outside the authorized scopes');
    const viewer = principal?.actor ?? null;
    const type = ['accounts', 'statuses', 'hashtags'].includes(String(q.type)) ? (q.type as 'accounts' | 'statuses' | 'hashtags') : undefined;
    const offset = viewer ? Math.max(0, parseInt(String(q.offset ?? '0'), 10) || 0) : 0;
    const accountId = typeof q.account_id === 'string' && isId(q.account_id) ? q.account_id : undefined;
    const found = await search(deps, viewer, { q: q.q, type, resolve: !!viewer && !!toBool(q.resolve), limit: limitParam(q.limit, 20), offset, accountId });
    const presenter = new StatusPresenter(deps, viewer);
    // Mastodon's SearchService: statuses through StatusFilter; accounts that block the viewer are not found.
    const rel = await viewerRelations(deps, viewer);
    if (rel) {
      found.statuses = await rel.visibleObjects(found.statuses, 'search');
      found.accounts = found.accounts.filter((a) => !rel.hidesProfile(a));
    }
    presenter.preload(found.statuses);
    // The accounts found are in hand: only their counts are read, in one query.
    const counts = new Map((found.accounts.length ? await deps.store.actors.countsOf(found.accounts.map((a) => a.id)) : []).map((c) => [c.actorId, c]));
    return {
      accounts: await Promise.all(found.accounts.map(async (a) => serializeAccount(deps.urls, a, counts.get(a.id)))),
      statuses: (await Promise.all(found.statuses.map((o) => presenter.status(o)))).filter(Boolean),
      hashtags: found.hashtags.map((name) => ({ name, url: `${deps.urls.base}/tags/${encodeURIComponent(name)}`, history: [], following: false })),
    };
  });
}
