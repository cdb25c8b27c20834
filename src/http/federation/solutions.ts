import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import type { SolutionRecord } from '../../store/port.js';
import { ACTIVITY_JSON, negotiate } from '../negotiate.js';
import { DomainError, notFound } from '../../errors.js';
import { orderedCollection, orderedCollectionPage } from '../../activitypub/collections.js';
import { SP_CONTEXT_DOCUMENT } from '../../activitypub/vocab/samspil.js';
import { adoptionToAs } from '../../activitypub/convert/adoption.js';
import { isAdoptionNote } from '../../domain/solutions/ingest.js';
import { parseSolutionQuery } from '../../domain/solutions/read.js';
import { solutionHtml, tagHtml } from '../web/routes/solutions.js';

const notAcceptable = (accept: string | undefined) =>
  new DomainError('not_acceptable', 'NOT_ACCEPTABLE', `cannot answer Accept: ${accept ?? ''}; ask for application/activity+json or text/html`);

function sendActivity(reply: FastifyReply, doc: unknown, status = 200): FastifyReply {
  return reply.code(status).header('vary', 'Accept').type(ACTIVITY_JSON).send(doc);
}

/**
 * Solutions on the wire: /solutions/:id is the solution's id AND its url (AS2 here, HTML from the
 * web app's pages by Accept), with its Create, replies and adoptions collections; /adoptions/:id;
 * /tags/:tag; our JSON-LD context at /ns. All public: solutions are open data. The catalogue at
 * /solutions is a page only (src/http/web/routes/solutions.ts).
 */
export async function solutionWebRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  const { store } = fed;
  const pageLink = (r: SolutionRecord) => `${fed.urls.base}/solutions/${r.id}`;

  app.get('/ns', async (request, reply) => {
    const rep = negotiate(request.headers.accept, ['json', 'activity', 'html']);
    if (!rep) throw notAcceptable(request.headers.accept);
    return reply.header('vary', 'Accept').header('access-control-allow-origin', '*').type('application/ld+json; charset=utf-8').send(SP_CONTEXT_DOCUMENT);
  });

  app.get<{ Params: { id: string } }>('/solutions/:id', async (request, reply) => {
    const rep = negotiate(request.headers.accept, ['html', 'activity']);
    if (!rep) throw notAcceptable(request.headers.accept);
    if (rep === 'html') return solutionHtml(fed, request, reply);
    const record = await store.solutions.getById(request.params.id);
    if (!record) throw notFound('SOLUTION_NOT_FOUND', `no solution ${request.params.id}`);
    if (!record.local) return reply.header('vary', 'Accept').redirect(record.uri, 302);
    const object = await store.objects.getById(record.id);
    if (!object) throw notFound('SOLUTION_NOT_FOUND', `no solution ${request.params.id}`);
    return sendActivity(reply, object.data, record.deletedAt ? 410 : 200);
  });

  const localRecord = async (id: string) => {
    const record = await store.solutions.getById(id);
    if (!record || !record.local) throw notFound('SOLUTION_NOT_FOUND', `no local solution ${id}`);
    if (record.deletedAt) throw new DomainError('gone', 'SOLUTION_DELETED', `solution ${id} was deleted`);
    return record;
  };

  app.get<{ Params: { id: string } }>('/solutions/:id/activity', async (request, reply) => {
    const record = await localRecord(request.params.id);
    const create = await store.activities.getByUri(`${record.uri}/activity`);
    if (!create?.data) throw notFound('SOLUTION_NOT_FOUND', 'no activity');
    return sendActivity(reply, create.data);
  });

  app.get<{ Params: { id: string }; Querystring: { page?: string } }>('/solutions/:id/replies', async (request, reply) => {
    const record = await localRecord(request.params.id);
    const base = `${record.uri}/replies`;
    const items = (await store.solutions.listReplies(record.uri, 1000)).filter((r) => !isAdoptionNote(r)).map((r) => r.uri);
    if (request.query.page === undefined) return sendActivity(reply, orderedCollection(base, items.length, `${base}?page=true`));
    return sendActivity(reply, orderedCollectionPage(`${base}?page=true`, base, items, { totalItems: items.length }));
  });

  app.get<{ Params: { id: string }; Querystring: { page?: string } }>('/solutions/:id/adoptions', async (request, reply) => {
    const record = await localRecord(request.params.id);
    const base = `${record.uri}/adoptions`;
    const items = (await store.solutions.listAdoptions(record.uri)).map((a) => a.uri);
    if (request.query.page === undefined) return sendActivity(reply, orderedCollection(base, items.length, `${base}?page=true`));
    return sendActivity(reply, orderedCollectionPage(`${base}?page=true`, base, items, { totalItems: items.length }));
  });

  app.get<{ Params: { id: string } }>('/adoptions/:id', async (request, reply) => {
    const uri = `${fed.urls.base}/adoptions/${request.params.id}`;
    const adoption = await store.solutions.getAdoptionByUri(uri);
    if (!adoption || !adoption.local) throw notFound('ADOPTION_NOT_FOUND', `no adoption ${uri}`);
    const rep = negotiate(request.headers.accept, ['activity', 'html']);
    if (!rep) throw notAcceptable(request.headers.accept);
    const solution = await store.solutions.getByUri(adoption.solutionUri);
    if (rep === 'html') return reply.header('vary', 'Accept').redirect(solution ? `${pageLink(solution)}#adoption-${adoption.id}` : adoption.solutionUri, 302);
    const [adopter, origin] = await Promise.all([store.actors.getById(adoption.adopterId), solution ? store.actors.getById(solution.actorId) : undefined]);
    if (!adopter || !origin) throw notFound('ADOPTION_NOT_FOUND', `no adoption ${uri}`);
    return sendActivity(reply, adoptionToAs(adoption, adopter, origin));
  });

  app.get<{ Params: { id: string; rev: string } }>('/adoptions/:id/notes/:rev', async (request, reply) => {
    const object = await store.objects.getByUri(`${fed.urls.base}/adoptions/${request.params.id}/notes/${request.params.rev}`);
    if (!object || !object.local || object.deletedAt) throw notFound('POST_NOT_FOUND', 'no such note');
    const rep = negotiate(request.headers.accept, ['activity', 'html']);
    if (rep === 'html' && object.inReplyToUri) {
      const solution = await store.solutions.getByUri(object.inReplyToUri);
      return reply.header('vary', 'Accept').redirect(solution ? `${pageLink(solution)}#adoptions` : object.inReplyToUri, 302);
    }
    return sendActivity(reply, object.data);
  });

  app.get<{ Params: { tag: string }; Querystring: Record<string, string> }>('/tags/:tag', async (request, reply) => {
    const tag = request.params.tag.toLowerCase();
    const hashtag = /^[\p{L}\p{N}_]{1,60}$/u.test(tag) ? tag : null;
    const rep = negotiate(request.headers.accept, ['html', 'activity']);
    if (!rep) throw notAcceptable(request.headers.accept);
    if (rep === 'html') return tagHtml(fed, request, reply, hashtag);
    if (!hashtag) throw notFound('TAG_NOT_FOUND', 'not a hashtag');
    const query = { ...parseSolutionQuery(request.query), tag: [tag] };
    const result = await store.solutions.search(query);
    const id = `${fed.urls.base}/tags/${encodeURIComponent(tag)}`;
    return sendActivity(reply, { ...orderedCollection(id, result.total), name: `#${tag}`, orderedItems: result.items.map((r) => r.uri) });
  });
}
