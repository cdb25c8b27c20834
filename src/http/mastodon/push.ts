import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { currentSubscription, subscribe, subscriptionView, unsubscribe, updateSubscription } from '../../domain/push/subscriptions.js';

type Body = {
  subscription?: { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown }; standard?: unknown };
  data?: { alerts?: unknown; policy?: unknown };
  policy?: unknown;
};

/** The bearer token as sent: the push payload names it so the app knows which account it is for. */
const bearer = (request: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';

/** Web Push, as Mastodon's /api/v1/push/subscription: one subscription per access token. */
export async function pushRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const auth = requireAuth(deps, 'push');
  app.post('/v1/push/subscription', { preHandler: auth, schema: { body: readSchema('mastodon/push-subscription-create.json') } }, async (request) => {
    const b = request.body as Body;
    const created = await subscribe(deps, request.principal!, bearer(request), {
      endpoint: b.subscription?.endpoint, p256dh: b.subscription?.keys?.p256dh, auth: b.subscription?.keys?.auth,
      standard: b.subscription?.standard, alerts: b.data?.alerts, policy: b.data?.policy ?? b.policy,
    });
    return subscriptionView(deps, created);
  });
  app.get('/v1/push/subscription', { preHandler: auth }, async (request) => subscriptionView(deps, await currentSubscription(deps, request.principal!)));
  app.put('/v1/push/subscription', { preHandler: auth, schema: { body: readSchema('mastodon/push-subscription-update.json') } }, async (request) => {
    const b = (request.body ?? {}) as Body;
    return subscriptionView(deps, await updateSubscription(deps, request.principal!, { alerts: b.data?.alerts, policy: b.data?.policy ?? b.policy }));
  });
  app.delete('/v1/push/subscription', { preHandler: auth }, async (request) => {
    await unsubscribe(deps, request.principal!);
    return {};
  });
}
