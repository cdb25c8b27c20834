import type { FastifyInstance } from 'fastify';
import type { FedDeps } from '../../../activitypub/federation.js';
import { DomainError } from '../../../errors.js';
import { getPublicLocalPost, getPublicLocalPostPage } from '../../../domain/notes/read-note.js';
import { ACTIVITY_JSON, negotiate } from '../../negotiate.js';
import { sendProblem, toProblem } from '../../problem.js';
import { pageContext, sendPage } from '../session.js';
import { postPage } from '../pages/post.js';

/**
 * /@user/123, the `url` of a local post (what Mastodon apps open): its page for a browser, its
 * Note for a server (`Accept: application/activity+json`), as the object routes answer at its id.
 * Followers-only and direct posts are not shown to anyone here, signed in or not: 404.
 */
export async function postPageRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  app.get<{ Params: { username: string; id: string } }>('/@:username/:id', async (request, reply) => {
    const rep = negotiate(request.headers.accept, ['html', 'activity']);
    if (rep !== 'html') {
      // A server asking for the document gets JSON answers, errors included, never a page.
      try {
        if (!rep) throw new DomainError('not_acceptable', 'NOT_ACCEPTABLE', `cannot answer Accept: ${request.headers.accept ?? ''}; ask for application/activity+json or text/html`);
        const doc = await getPublicLocalPost(fed, request.params.username, request.params.id, 'object');
        // With authorized fetch on, the document is served only at its id, where signatures are checked.
        if (fed.config.authorizedFetch) return reply.header('vary', 'Accept').redirect(String(doc.id), 302);
        return reply.header('vary', 'Accept').type(ACTIVITY_JSON).send(doc);
      } catch (e) {
        return sendProblem(reply.header('vary', 'Accept'), toProblem(e, request));
      }
    }
    const data = await getPublicLocalPostPage(fed, request.params.username, request.params.id);
    return sendPage(reply.header('vary', 'Accept'), 200, postPage(await pageContext(fed, request, reply), data));
  });
}
