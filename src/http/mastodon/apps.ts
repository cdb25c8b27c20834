import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { getAppById, registerApp, vapidPublicKey } from '../../domain/oauth/apps.js';
import { notFound } from '../../errors.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { serializeApplication, serializeCredentialApplication } from './entities/application.js';

type Params = Record<string, unknown>;

export async function appRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.post('/v1/apps', { schema: { body: readSchema('mastodon/apps-create.json'), querystring: readSchema('mastodon/apps-create.json') } }, async (request) => {
    // Some clients put the parameters in the query string; body values win.
    const p = { ...(request.query as Params), ...(request.body as Params) };
    const { app: registered, clientSecret } = await registerApp(deps, {
      clientName: p.client_name as string | undefined,
      redirectUris: p.redirect_uris as string | string[] | undefined,
      scopes: p.scopes as string | undefined,
      website: p.website as string | undefined,
    });
    request.log.info({ appId: registered.id, name: registered.name }, 'oauth app registered');
    return serializeCredentialApplication(registered, clientSecret, await vapidPublicKey(deps));
  });

  app.get('/v1/apps/verify_credentials', { preHandler: requireAuth(deps, undefined, { allowAppOnly: true }) }, async (request) => {
    const appId = request.principal!.token.appId;
    const registered = appId ? await getAppById(deps, appId) : undefined;
    // Personal tokens from `samspil token create` belong to no app.
    if (!registered) throw notFound('APP_NOT_FOUND', 'Record not found');
    return serializeApplication(registered, await vapidPublicKey(deps));
  });
}
