import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import type { Actor } from '../../store/port.js';
import { requireAuth } from '../plugins/auth.js';
import { DomainError, invalid } from '../../errors.js';
import { readSchema } from '../../schemas.js';
import { approveDraft, draftLists, resubmitDraft, returnDraft, submitDraft, viewDraft, withdrawDraft, type DraftView } from '../../domain/solutions/drafts.js';
import { solutionView } from '../../domain/solutions/read.js';
import type { SolutionDraft } from '../../store/port.js';

function staff(request: FastifyRequest): Actor {
  const actor = request.principal?.actor;
  if (!actor || actor.domain !== null || actor.type !== 'Person') throw new DomainError('forbidden', 'STAFF_ONLY', 'only a staff account can do this');
  return actor;
}

function draftJson(d: SolutionDraft) {
  return {
    id: d.id, state: d.state, title: d.title, solutionId: d.solutionId, comment: d.comment, createdAt: d.createdAt,
    submittedAt: d.submittedAt, decidedAt: d.decidedAt, publishedId: d.publishedId,
  };
}

function viewJson(v: DraftView) {
  return {
    ...draftJson(v.draft), author: v.author ? `@${v.author.username}` : null, reviewer: v.reviewer ? `@${v.reviewer.username}` : null,
    body: v.draft.body, solution: v.fields,
  };
}

/**
 * Drafts waiting for approval (docs/solutions-api.md "Approval"). Only the author and this
 * agency's publishers see a draft; to anyone else it does not exist (404).
 */
export async function solutionDraftApiRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  const write = requireAuth(fed, 'write:statuses');
  const read = requireAuth(fed, 'read:statuses');
  type IdParams = { Params: { id: string } };

  app.post('/api/v1/solution-drafts', { preHandler: write }, async (request, reply) => {
    const draft = await submitDraft(fed, staff(request), request.body);
    return reply.code(201).header('location', `/api/v1/solution-drafts/${draft.id}`).send(viewJson(await viewDraft(fed, staff(request), draft.id)));
  });

  app.post<IdParams>('/api/v1/solutions/:id/drafts', { preHandler: write }, async (request, reply) => {
    const draft = await submitDraft(fed, staff(request), request.body, request.params.id);
    return reply.code(201).header('location', `/api/v1/solution-drafts/${draft.id}`).send(viewJson(await viewDraft(fed, staff(request), draft.id)));
  });

  app.get<{ Querystring: { scope?: string } }>('/api/v1/solution-drafts', { preHandler: read }, async (request) => {
    const scope = request.query.scope ?? 'mine';
    if (scope !== 'mine' && scope !== 'queue') throw invalid('VALIDATION_FAILED', 'scope must be "mine" or "queue"', [{ pointer: '/scope', detail: 'must be mine or queue' }]);
    const lists = await draftLists(fed, staff(request));
    if (scope === 'queue' && !lists.mayReview) throw new DomainError('forbidden', 'PUBLISHER_REQUIRED', 'only a publisher of this agency sees the review queue');
    return scope === 'mine' ? lists.mine.map(draftJson) : lists.queue.map((q) => ({ ...draftJson(q.draft), author: q.author ? `@${q.author.username}` : null }));
  });

  app.get<IdParams>('/api/v1/solution-drafts/:id', { preHandler: read }, async (request) => viewJson(await viewDraft(fed, staff(request), request.params.id)));

  app.put<IdParams>('/api/v1/solution-drafts/:id', { preHandler: write }, async (request) => {
    const draft = await resubmitDraft(fed, staff(request), request.params.id, request.body);
    return viewJson(await viewDraft(fed, staff(request), draft.id));
  });

  app.delete<IdParams>('/api/v1/solution-drafts/:id', { preHandler: write }, async (request) => draftJson(await withdrawDraft(fed, staff(request), request.params.id)));

  app.post<IdParams>('/api/v1/solution-drafts/:id/approve', { preHandler: write }, async (request) => {
    const { draft, solution } = await approveDraft(fed, staff(request), request.params.id);
    return { draft: draftJson(draft), solution: await solutionView(fed, solution) };
  });

  app.post<IdParams & { Body: { comment: string } }>('/api/v1/solution-drafts/:id/return', {
    preHandler: write, schema: { body: readSchema('draft-return.schema.json') },
  }, async (request) => draftJson(await returnDraft(fed, staff(request), request.params.id, request.body.comment)));
}
