import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { getLocalActorByUsername, type ActorCollection, type CollectionSource } from '../../domain/actors/collections.js';
import { localActorToAs } from '../../activitypub/convert/actor-to-as.js';
import { orderedCollection, orderedCollectionPage } from '../../activitypub/collections.js';
import { ACTIVITY_JSON, negotiate } from '../negotiate.js';
import { DomainError } from '../../errors.js';
import { renderProfilePage } from '../web/profile.js';
import { pageContext, sendPage } from '../web/session.js';

const PAGE_SIZE = 20;

function notAcceptable(accept: string | undefined): DomainError {
  return new DomainError('not_acceptable', 'NOT_ACCEPTABLE', `cannot answer Accept: ${accept ?? ''}; ask for application/activity+json or text/html`);
}

function sendActivity(reply: FastifyReply, doc: unknown): FastifyReply {
  return reply.header('vary', 'Accept').type(ACTIVITY_JSON).send(doc);
}

/** Actor documents with content negotiation, their collections, the instance actor, the HTML profile. */
export async function actorRoutes(app: FastifyInstance, deps: Deps & { collections: CollectionSource }): Promise<void> {
  app.get<{ Params: { username: string } }>('/users/:username', async (request, reply) => {
    const actor = await getLocalActorByUsername(deps, request.params.username);
    const rep = negotiate(request.headers.accept);
    if (!rep) throw notAcceptable(request.headers.accept);
    if (rep === 'html') return reply.header('vary', 'Accept').redirect(actor.url ?? deps.urls.profile(actor.username), 302);
    return sendActivity(reply, localActorToAs(actor));
  });

  app.get<{ Params: { username: string } }>('/@:username', async (request, reply) => {
    const actor = await getLocalActorByUsername(deps, request.params.username);
    const rep = negotiate(request.headers.accept, ['html', 'activity']);
    if (!rep) throw notAcceptable(request.headers.accept);
    if (rep === 'activity') return sendActivity(reply, localActorToAs(actor));
    const [followers, following, posts] = await Promise.all(
      (['followers', 'following', 'outbox'] as const).map(async (c) => (await deps.collections.page(actor, c, undefined, 0)).totalItems),
    );
    return sendPage(reply.header('vary', 'Accept'), 200, renderProfilePage(await pageContext(deps, request, reply), actor, { followers, following, posts }));
  });

  app.get('/actor', async (request, reply) => {
    const actor = await deps.store.actors.getByUri(deps.urls.instanceActor);
    if (!actor) throw new DomainError('unavailable', 'NOT_READY', 'the instance actor does not exist yet');
    const rep = negotiate(request.headers.accept, ['activity', 'json', 'html']);
    if (!rep) throw notAcceptable(request.headers.accept);
    // A person who opens the instance actor's URL meets the agency's front page.
    if (rep === 'html') return reply.header('vary', 'Accept').redirect('/', 302);
    return sendActivity(reply, localActorToAs(actor));
  });

  const collectionRoute = (path: string, collection: ActorCollection) =>
    app.get<{ Params: { username: string }; Querystring: { page?: string; cursor?: string } }>(path, { config: { signedFetch: true } }, async (request, reply) => {
      const actor = await getLocalActorByUsername(deps, request.params.username);
      const rep = negotiate(request.headers.accept, ['activity', 'json', 'html']);
      if (!rep) throw notAcceptable(request.headers.accept);
      // Browsers get the profile page, as Mastodon does for these collections.
      if (rep === 'html') return reply.header('vary', 'Accept').redirect(deps.urls.profile(actor.username), 302);
      const base = `${actor.uri}/${collection === 'featured' ? 'collections/featured' : collection}`;
      const { page, cursor } = request.query;
      if (page === undefined) {
        const { totalItems } = await deps.collections.page(actor, collection, undefined, 0);
        return sendActivity(reply, orderedCollection(base, totalItems, `${base}?page=true`));
      }
      const result = await deps.collections.page(actor, collection, cursor, PAGE_SIZE);
      const pageId = cursor ? `${base}?page=true&cursor=${encodeURIComponent(cursor)}` : `${base}?page=true`;
      return sendActivity(reply, orderedCollectionPage(pageId, base, result.items, {
        totalItems: result.totalItems,
        next: result.nextCursor ? `${base}?page=true&cursor=${encodeURIComponent(result.nextCursor)}` : undefined,
      }));
    });
  collectionRoute('/users/:username/outbox', 'outbox');
  collectionRoute('/users/:username/followers', 'followers');
  collectionRoute('/users/:username/following', 'following');
  collectionRoute('/users/:username/collections/featured', 'featured');
}
