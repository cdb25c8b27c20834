import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { getPublicLocalPost } from '../../domain/notes/read-note.js';
import { ACTIVITY_JSON, negotiate } from '../negotiate.js';
import { DomainError } from '../../errors.js';

/** Local posts and their Create activities, dereferenceable by id (AS2 only for now); signed fetch in authorized-fetch mode. */
export async function objectRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const route = (path: string, what: 'object' | 'activity') =>
    app.get<{ Params: { username: string; id: string } }>(path, { config: { signedFetch: true } }, async (request, reply) => {
      if (!negotiate(request.headers.accept, ['activity', 'json'])) {
        throw new DomainError('not_acceptable', 'NOT_ACCEPTABLE', 'ask for application/activity+json');
      }
      const doc = await getPublicLocalPost(deps, request.params.username, request.params.id, what);
      return reply.header('vary', 'Accept').type(ACTIVITY_JSON).send(doc);
    });
  route('/users/:username/statuses/:id', 'object');
  route('/users/:username/statuses/:id/activity', 'activity');
}
