import type { FastifyInstance } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { accountRoutes, followRequestRoutes } from './accounts.js';
import { appRoutes } from './apps.js';
import { clientStateRoutes, notYetRoutes } from './client-state.js';
import { allowCors } from './cors.js';
import { sendMastodonError } from './errors.js';
import { defaultImageRoutes } from './images.js';
import { instanceRoutes } from './instance.js';
import { listRoutes } from './lists.js';
import { filterRoutes } from './filters.js';
import { pushRoutes } from './push.js';
import { relationRoutes } from './relations.js';
import { reportRoutes } from './reports.js';
import { mediaRoutes } from './media.js';
import { adminRoutes } from './admin/index.js';
import { statusRoutes } from './statuses.js';
import { timelineRoutes } from './timelines.js';
import { notificationRoutes } from './notifications.js';
import { searchRoutes } from './search.js';
import { streamingRoutes } from './streaming.js';
import { oauthRoutes } from './oauth/routes.js';
import { oauthMetadataRoutes } from './oauth/metadata.js';
import { normalizeRequestParams, parseFormBody, parseMultipart } from './params.js';

/**
 * The Mastodon client API and its OAuth server, as one encapsulated plugin: its body parsers, hooks,
 * CORS and Mastodon-shaped error and 404 handlers apply to /api and /oauth only, never to the
 * federation or native routes.
 */
export async function mastodonApi(app: FastifyInstance, deps: FedDeps): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, async (_request: import('fastify').FastifyRequest, body: string) => parseFormBody(body));
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, async (request: import('fastify').FastifyRequest, body: Buffer) =>
    parseMultipart(String(request.headers['content-type']), body),
  );
  app.addHook('preValidation', async (request) => normalizeRequestParams(request));
  await app.register(defaultImageRoutes);
  await app.register(async (wellKnown) => oauthMetadataRoutes(wellKnown, deps));

  await app.register(async (api) => {
    allowCors(api);
    api.setErrorHandler(async (error, request, reply) => sendMastodonError(request, reply, error, 'api'));
    api.setNotFoundHandler(async (_request, reply) => reply.code(404).type('application/json; charset=utf-8').send({ error: 'Not Found' }));
    // Mastodon marks every API answer uncacheable: they are per-user.
    api.addHook('onSend', async (_request, reply) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate');
    });
    await appRoutes(api, deps);
    await instanceRoutes(api, deps);
    await accountRoutes(api, deps);
    await followRequestRoutes(api, deps);
    await clientStateRoutes(api, deps);
    await listRoutes(api, deps);
    await filterRoutes(api, deps);
    await pushRoutes(api, deps);
    await relationRoutes(api, deps);
    await reportRoutes(api, deps);
    await mediaRoutes(api, deps);
    await adminRoutes(api, deps);
    await statusRoutes(api, deps);
    await timelineRoutes(api, deps);
    await notificationRoutes(api, deps);
    await searchRoutes(api, deps);
    await streamingRoutes(api, deps);
    await notYetRoutes(api, deps);
  }, { prefix: '/api' });

  await app.register(async (oauth) => {
    allowCors(oauth, { paths: ['/oauth/token', '/oauth/revoke'] });
    oauth.setErrorHandler(async (error, request, reply) => sendMastodonError(request, reply, error, 'oauth'));
    oauth.setNotFoundHandler(async (_request, reply) => reply.code(404).type('application/json; charset=utf-8').send({ error: 'Not Found' }));
    await oauthRoutes(oauth, deps);
  }, { prefix: '/oauth' });
}
