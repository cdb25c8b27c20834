import type { FastifyInstance } from 'fastify';
import type { FedDeps } from '../../../activitypub/federation.js';
import { DomainError } from '../../../errors.js';
import { frontPage } from '../../../domain/solutions/front.js';
import { getAgencyProfile } from '../../../domain/admin/agency-profile.js';
import { agencyRelations, followAsAgency, unfollowAsAgency } from '../../../domain/follows/agencies.js';
import { homeFeed, markHomeSeen } from '../../../domain/solutions/home.js';
import { impactReport } from '../../../domain/solutions/impact.js';
import { csrfGuard } from '../index.js';
import { pageContext, requireViewer, sendPage } from '../session.js';
import { formString, type FormBody } from '../forms/body.js';
import { frontPageView } from '../pages/front.js';
import { agenciesPage, TARGET_MAX } from '../pages/agencies.js';
import { homePage } from '../pages/home.js';
import { draftLists } from '../../../domain/solutions/drafts.js';
import { impactPage } from '../pages/impact.js';

/** The message key for each way following can fail, shown by the field. */
const FOLLOW_ERRORS: Record<string, string> = {
  ACTOR_TARGET_INVALID: 'invalid',
  ACTOR_NOT_FOUND: 'notFound',
  ACCOUNT_NOT_FOUND: 'notFound',
  ACTOR_UNREACHABLE: 'unreachable',
  DOMAIN_BLOCKED: 'blocked',
  ACCOUNT_SUSPENDED: 'suspended',
  FOLLOW_SELF: 'self',
  FOLLOW_INSTANCE_ACTOR: 'instanceActor',
};

/**
 * The agency's own pages: the front page, the agencies it follows, the staff start page and the
 * impact report. Parse, call the domain, render.
 */
export async function frontRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  app.get('/', async (request, reply) => {
    const ctx = await pageContext(fed, request, reply);
    const agency = await getAgencyProfile(fed).then((p) => p.actor, () => undefined);
    return sendPage(reply, 200, frontPageView(ctx, await frontPage(fed), agency));
  });

  app.get('/agencies', async (request, reply) => {
    const ctx = await pageContext(fed, request, reply);
    return sendPage(reply, 200, agenciesPage(ctx, { relations: await agencyRelations(fed) }));
  });

  app.post('/agencies', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(fed, request, reply);
    const typed = formString(request.body as FormBody, 'target');
    const target = typed.trim();
    const fail = async (key: string) => sendPage(reply, 400, agenciesPage(ctx, {
      relations: await agencyRelations(fed), target: typed, errors: { target: ctx.tr.t(`agencies.follow.errors.${key}`, { max: TARGET_MAX }) },
    }));
    if (!target) return fail('required');
    if ([...target].length > TARGET_MAX) return fail('tooLong');
    let outcome;
    try {
      outcome = await followAsAgency(fed, viewer.actor, target);
    } catch (e) {
      const key = e instanceof DomainError ? FOLLOW_ERRORS[e.code] : undefined;
      if (!key) throw e;
      request.log.info({ code: (e as DomainError).code }, 'follow from the agencies page refused');
      return fail(key);
    }
    request.log.info({ by: viewer.actor.username, followee: outcome.target.uri, state: outcome.follow.state }, 'agency follow from the web');
    const notice = !outcome.created ? 'agency_already_followed' : outcome.follow.state === 'pending' ? 'agency_follow_sent' : 'agency_followed';
    return reply.code(303).redirect(`/agencies?notice=${notice}`);
  });

  app.post('/agencies/unfollow', { preHandler: csrfGuard(app, fed) }, async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const actorId = formString(request.body as FormBody, 'actor');
    const { removed, target } = await unfollowAsAgency(fed, viewer.actor, actorId);
    request.log.info({ by: viewer.actor.username, followee: target?.uri, removed }, 'agency unfollow from the web');
    return reply.code(303).redirect(`/agencies?notice=${removed ? 'agency_unfollowed' : 'agency_not_followed'}`);
  });

  app.get('/home', async (request, reply) => {
    const viewer = await requireViewer(fed, request, reply);
    if (!viewer) return reply;
    const ctx = await pageContext(fed, request, reply);
    const feed = await homeFeed(fed, { userId: viewer.user.id, actorId: viewer.actor.id });
    const page = homePage(ctx, feed, await draftLists(fed, viewer.actor, 20));
    // Seen once rendered: the next visit shows only what came in after this one.
    await markHomeSeen(fed, viewer.user.id, feed.seen);
    return sendPage(reply, 200, page);
  });

  app.get('/impact', async (request, reply) => {
    const ctx = await pageContext(fed, request, reply);
    return sendPage(reply, 200, impactPage(ctx, await impactReport(fed)));
  });
}
