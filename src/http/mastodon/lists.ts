import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { createList, deleteList, getOwnList, listsOf, updateList, type ListInput } from '../../domain/lists/lists.js';
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

/** Lists: create, rename, delete. Members need follows, which federation adds; until then lists are empty. */
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
}
