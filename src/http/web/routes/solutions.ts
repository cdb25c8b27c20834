import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../../activitypub/federation.js';
import { DomainError, notFound } from '../../../errors.js';
import { parseSolutionQuery } from '../../../domain/solutions/read.js';
import { adoptionFormData, catalogueData, solutionPageData } from '../../../domain/solutions/pages.js';
import { reportAdoption } from '../../../domain/solutions/adoptions.js';
import { assertActsForAgency } from '../../../domain/accounts/roles.js';
import { validateAdoption } from '../../../domain/solutions/validate.js';
import { postStatus } from '../../../domain/statuses/post-status.js';
import { MAX_NOTE_LENGTH } from '../../../domain/notes/publish-note.js';
import { getUserSettings } from '../../../domain/accounts/settings.js';
import { csrfGuard, sendErrorPage } from '../index.js';
import { pageContext, requireViewer, sendPage } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import { adoptionErrors, emptyRow, readAdoptionForm, toAdoptionBody, valuesFromAdoption, type AdoptionFormValues } from '../forms/adoption.js';
import { solutionPage, type QuestionState } from '../pages/solution.js';
import { CATALOGUE_PARAMS, cataloguePage, type CatalogueParams } from '../pages/catalogue.js';
import { adoptPage, ownSolutionPage } from '../pages/adopt.js';
import { postPageRoutes } from './posts.js';

type IdParams = { Params: { id: string } };

function catalogueParams(query: Record<string, unknown>): CatalogueParams {
  const params: CatalogueParams = {};
  for (const k of CATALOGUE_PARAMS) {
    const v = query[k];
    if (typeof v === 'string' && v.trim()) params[k] = v.slice(0, 500);
  }
  return params;
}

/** A thrown error as the page a browser should see; the negotiating routes in federation call these. */
async function asPage(fed: FedDeps, request: FastifyRequest, reply: FastifyReply, render: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await render();
  } catch (e) {
    return sendErrorPage(fed, e, request, reply);
  }
}

async function renderSolution(fed: FedDeps, request: FastifyRequest, reply: FastifyReply, id: string, question: QuestionState, status = 200): Promise<FastifyReply> {
  const ctx = await pageContext(fed, request, reply);
  const data = await solutionPageData(fed, id);
  const asked = (request.query as Record<string, unknown> | undefined)?.text;
  return sendPage(reply.header('vary', 'Accept'), status, solutionPage(ctx, data, { askedText: typeof asked === 'string' ? asked : undefined, question }));
}

/** GET /solutions/:id when the client wants HTML (federation/solutions.ts negotiates). */
export function solutionHtml(fed: FedDeps, request: FastifyRequest<IdParams>, reply: FastifyReply): Promise<FastifyReply> {
  return asPage(fed, request, reply, () => renderSolution(fed, request, reply, request.params.id, { key: randomUUID() }));
}

/** GET /tags/:tag when the client wants HTML: the catalogue filtered by one hashtag. */
export function tagHtml(fed: FedDeps, request: FastifyRequest, reply: FastifyReply, tag: string | null): Promise<FastifyReply> {
  return asPage(fed, request, reply, async () => {
    if (!tag) throw notFound('TAG_NOT_FOUND', 'not a hashtag');
    const q = request.query as Record<string, unknown>;
    const params = catalogueParams(q);
    delete params.tag;
    const query = { ...parseSolutionQuery({ ...params, offset: q.offset, limit: q.limit }), tag: [tag] };
    const { result, organisations } = await catalogueData(fed, query);
    const ctx = await pageContext(fed, request, reply);
    return sendPage(reply.header('vary', 'Accept'), 200, cataloguePage(ctx, {
      title: `#${tag}`, path: `/tags/${encodeURIComponent(tag)}`, fixed: { tag }, params, result, organisations, offset: query.offset, limit: query.limit,
    }));
  });
}

/**
 * The pages of the solutions area besides the solution page itself: the catalogue, the question
 * form's POST and the adoption report. The solution page, tag pages and post pages share their
 * URLs with AS2 documents; the routes that negotiate call `solutionHtml` and `tagHtml`.
 */
export async function solutionPageRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/solutions', async (request, reply) => {
    const params = catalogueParams(request.query);
    const query = parseSolutionQuery({ ...params, offset: request.query.offset, limit: request.query.limit });
    const { result, organisations } = await catalogueData(fed, query);
    const ctx = await pageContext(fed, request, reply);
    return sendPage(reply, 200, cataloguePage(ctx, { title: ctx.tr.t('catalogue.title'), path: '/solutions', fixed: {}, params, result, organisations, offset: query.offset, limit: query.limit }));
  });

  // A question is a public reply to the solution's object, posted as the staff member: it federates
  // to the origin agency, threads and counts, and notifies its people, exactly as one from a Mastodon app.
  app.post<IdParams>('/solutions/:id/questions', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(fed, request, reply);
    const { t } = ctx.tr;
    const body = request.body as FormBody;
    const text = formString(body, 'text');
    const key = /^[A-Za-z0-9-]{8,64}$/.test(formString(body, 'key')) ? formString(body, 'key') : randomUUID();
    const again = (message: string) => renderSolution(fed, request, reply, request.params.id, { text, key, errors: { text: message } }, 400);
    const { record } = await solutionPageData(fed, request.params.id);
    const settings = await getUserSettings(fed, viewer.user.id);
    try {
      await postStatus(fed, viewer.actor, {
        text, visibility: 'public', inReplyToId: record.id, idempotencyKey: `web-question:${record.id}:${key}`,
        language: settings.defaultLanguage || ctx.lang, sensitive: false,
      });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'STATUS_TEXT_BLANK') return again(t('solution.question.errors.blank'));
      if (e instanceof DomainError && e.code === 'STATUS_TOO_LONG') return again(t('solution.question.errors.tooLong', { max: ctx.tr.number(MAX_NOTE_LENGTH) }));
      throw e;
    }
    request.log.info({ solution: record.uri, userId: viewer.user.id }, 'question asked on a solution');
    return reply.code(303).redirect(`/solutions/${record.id}?notice=question_posted#discussion`);
  });

  app.get<IdParams>('/solutions/:id/adopt', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(fed, request, reply);
    const { record, organisation, ours } = await adoptionFormData(fed, request.params.id);
    if (record.local) return sendPage(reply, 200, ownSolutionPage(ctx, record));
    // Said before anything is typed; the domain refuses the POST anyway.
    await assertActsForAgency(fed, viewer.actor, 'report adoptions');
    const values: AdoptionFormValues = ours
      ? valuesFromAdoption(ours, ctx.lang)
      : { status: '', note: '', startedAt: '', language: ctx.lang, results: [emptyRow()] };
    return sendPage(reply, 200, adoptPage(ctx, { record, organisation, ours, values }));
  });

  app.post<IdParams>('/solutions/:id/adopt', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    if (viewer.actor.type !== 'Person') throw new DomainError('forbidden', 'STAFF_ONLY', 'only a staff account can do this');
    const ctx = await pageContext(fed, request, reply);
    const { record, organisation, ours } = await adoptionFormData(fed, request.params.id);
    if (record.local) return sendPage(reply, 409, ownSolutionPage(ctx, record));
    const { values, add, remove } = readAdoptionForm(request.body as FormBody);
    const state = { record, organisation, ours, values };
    if (add) return sendPage(reply, 200, adoptPage(ctx, { ...state, values: { ...values, results: [...values.results, emptyRow()] } }));
    if (remove !== undefined) return sendPage(reply, 200, adoptPage(ctx, { ...state, values: { ...values, results: values.results.filter((_, i) => i !== remove) } }));

    const { body, local, rowOf } = toAdoptionBody(values, ctx.lang);
    const invalid = (domain: Parameters<typeof adoptionErrors>[1]) => sendPage(reply, 400, adoptPage(ctx, { ...state, errors: adoptionErrors(ctx.tr, domain, rowOf, local) }));
    const fieldErrors = (e: unknown) => (e instanceof DomainError && e.code === 'VALIDATION_FAILED' ? e.extra.errors ?? [] : undefined);
    if (local.length) {
      // The numbers we could not read are out of the body: the domain's check still names every other problem at once.
      try {
        validateAdoption(body);
      } catch (e) {
        const errs = fieldErrors(e);
        if (!errs) throw e;
        return invalid(errs);
      }
      return invalid([]);
    }
    let adoption;
    try {
      ({ adoption } = await reportAdoption(fed, viewer.actor, record.id, body));
    } catch (e) {
      const errs = fieldErrors(e);
      if (errs) return invalid(errs);
      if (e instanceof DomainError && e.code === 'ADOPTION_OF_OWN_SOLUTION') return sendPage(reply, 409, ownSolutionPage(ctx, record));
      throw e;
    }
    const unchanged = ours && adoption.revision === ours.revision;
    request.log.info({ solution: record.uri, adoption: adoption.uri, revision: adoption.revision, userId: viewer.user.id }, 'adoption reported');
    return reply.code(303).redirect(`/solutions/${record.id}?notice=${unchanged ? 'adoption_unchanged' : 'adoption_reported'}#adoptions`);
  });

  await postPageRoutes(app, fed);
}
