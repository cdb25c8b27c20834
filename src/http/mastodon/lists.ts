import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { addListMembers, createList, deleteList, getOwnList, listMembers, listsOf, removeListMembers, updateList, type ListInput } from '../../domain/lists/lists.js';
import { DomainError } from '../../errors.js';
import { isId } from '../../ids.js';
import { StatusPresenter } from './entities/status.js';
import { setBoundLinks } from './paging.js';
import type { MastodonAccount } from './entities/account.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { serializeList } from './entities/list.js';
import { toBool } from './params.js';

type Params = Record<string, unknown>;

function listInput(body: Params): ListInput {
  return {
    title: typeof body.title === 'string' ? body.title : undefined,
    repliesPolicy: typeof body.replies_policy === 'string' ? body.replies_policy : undefined,
    exclusive: toBool(body.exclusive),
  };
}

const accountIdsOf = (body: Params): string[] => {
  const v = body.account_ids;
  const ids = (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(String).filter(Boolean);
  if (ids.length === 0) throw new DomainError('invalid', 'PARAM_MISSING', 'param is missing or the value is empty: account_ids');
  return ids;
};

/** Lists: create, rename, delete; members (accounts the owner follows) and their accounts. */
export async function listRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const userId = (request: FastifyRequest) => request.principal!.user!.id;
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const schema = { body: readSchema('mastodon/list.json') };

  app.get('/v1/lists', { preHandler: requireAuth(deps, 'read:lists') }, async (request) => (await listsOf(deps, userId(request))).map(serializeList));
  app.get('/v1/lists/:id', { preHandler: requireAuth(deps, 'read:lists') }, async (request) => serializeList(await getOwnList(deps, userId(request), id(request))));
  app.post('/v1/lists', { preHandler: requireAuth(deps, 'write:lists'), schema }, async (request) =>
    serializeList(await createList(deps, userId(request), listInput(request.body as Params))));
  app.put('/v1/lists/:id', { preHandler: requireAuth(deps, 'write:lists'), schema }, async (request) =>
    serializeList(await updateList(deps, userId(request), id(request), listInput(request.body as Params))));
  app.delete('/v1/lists/:id', { preHandler: requireAuth(deps, 'write:lists') }, async (request) => {
    await deleteList(deps, userId(request), id(request));
    return {};
  });

  const membersSchema = { body: readSchema('mastodon/list-accounts.json') };
  // Members newest first, paged by the membership's id; limit=0 gives all (Mastodon's rule), up to 1000.
  app.get('/v1/lists/:id/accounts', { preHandler: requireAuth(deps, 'read:lists') }, async (request, reply) => {
    const q = request.query as Params;
    const raw = parseInt(String(q.limit ?? ''), 10);
    const all = raw === 0;
    const limit = all ? 1000 : Number.isFinite(raw) && raw > 0 ? Math.min(raw, 80) : 40;
    const idOf = (v: unknown) => (isId(v) ? v : undefined);
    const members = await listMembers(deps, userId(request), id(request), { limit, beforeId: idOf(q.max_id), afterId: idOf(q.min_id) ?? idOf(q.since_id) });
    if (!all && members.length) setBoundLinks(deps, request, reply, { newest: members[0]!.id, oldest: members.at(-1)!.id, more: members.length >= limit });
    return (await new StatusPresenter(deps, request.principal!.actor!).accountsOf(members.map((m) => m.actorId))).filter((a): a is MastodonAccount => !!a);
  });
  app.post('/v1/lists/:id/accounts', { preHandler: requireAuth(deps, 'write:lists'), schema: membersSchema }, async (request) => {
    await addListMembers(deps, { userId: userId(request), actorId: request.principal!.actor!.id }, id(request), accountIdsOf((request.body ?? {}) as Params));
    return {};
  });
  app.delete('/v1/lists/:id/accounts', { preHandler: requireAuth(deps, 'write:lists'), schema: membersSchema }, async (request) => {
    // Apps send the ids in the body or in the query string.
    const body = { ...((request.query ?? {}) as Params), ...((request.body ?? {}) as Params) };
    await removeListMembers(deps, userId(request), id(request), accountIdsOf(body));
    return {};
  });
}
