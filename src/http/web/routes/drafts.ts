import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../../activitypub/federation.js';
import { DomainError } from '../../../errors.js';
import { isPublisher } from '../../../domain/accounts/roles.js';
import { MAX_COMMENT_LENGTH, approveDraft, draftLists, draftPageData, returnDraft, viewDraft, withdrawDraft } from '../../../domain/solutions/drafts.js';
import { csrfGuard } from '../index.js';
import { pageContext, requireViewer, sendPage } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import type { FormErrors } from '../components/forms.js';
import { draftPage, draftsPage } from '../pages/drafts.js';

type IdParams = { Params: { id: string } };

/**
 * Drafts in the browser: the list (the publisher's queue and one's own), a draft as it would be
 * published, and the decisions. Every rule is the domain's (drafts.ts); a page only shows the
 * buttons the viewer may press, and the domain refuses the rest.
 */
export async function draftRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  app.get('/drafts', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(fed, request, reply);
    return sendPage(reply, 200, draftsPage(ctx, await draftLists(fed, viewer.actor)));
  });

  const show = async (request: FastifyRequest<IdParams>, reply: FastifyReply, status = 200, extra: { comment?: string; errors?: FormErrors } = {}) => {
    const viewer = (await requireViewer(fed, request, reply))!;
    const ctx = await pageContext(fed, request, reply);
    const view = await viewDraft(fed, viewer.actor, request.params.id);
    return sendPage(reply, status, draftPage(ctx, {
      ...view, data: await draftPageData(fed, view), mayReview: isPublisher(viewer.user), isAuthor: view.draft.authorId === viewer.actor.id, ...extra,
    }));
  };

  app.get<IdParams>('/drafts/:id', async (request, reply) => {
    if (!(await requireViewer(fed, request, reply))) return reply;
    return show(request, reply);
  });

  app.post<IdParams>('/drafts/:id/approve', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const { solution } = await approveDraft(fed, viewer.actor, request.params.id);
    request.log.info({ draftId: request.params.id, solutionId: solution.id, userId: viewer.user.id }, 'draft approved');
    return reply.code(303).redirect(`/solutions/${solution.id}?notice=draft_approved`);
  });

  app.post<IdParams>('/drafts/:id/return', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(fed, request, reply);
    const comment = formString(request.body as FormBody, 'comment');
    const tooLong = [...comment].length > MAX_COMMENT_LENGTH;
    if (!comment.trim() || tooLong) {
      const error = tooLong ? ctx.tr.t('drafts.review.errors.tooLong', { max: MAX_COMMENT_LENGTH }) : ctx.tr.t('drafts.review.errors.required');
      return show(request, reply, 400, { comment, errors: { comment: error } });
    }
    try {
      await returnDraft(fed, viewer.actor, request.params.id, comment);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VALIDATION_FAILED') return show(request, reply, 400, { comment, errors: { comment: ctx.tr.t('drafts.review.errors.required') } });
      throw e;
    }
    request.log.info({ draftId: request.params.id, userId: viewer.user.id }, 'draft sent back');
    return reply.code(303).redirect(`/drafts?notice=draft_returned`);
  });

  app.post<IdParams>('/drafts/:id/withdraw', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    await withdrawDraft(fed, viewer.actor, request.params.id);
    return reply.code(303).redirect('/drafts?notice=draft_withdrawn');
  });
}
