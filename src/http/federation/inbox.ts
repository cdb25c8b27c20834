import type { FastifyInstance } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { receiveActivity } from '../../activitypub/inbox/receive.js';
import { getLocalActorByUsername } from '../../domain/actors/collections.js';
import { DomainError } from '../../errors.js';
import { toProblem } from '../problem.js';

const AS2_TYPES = /^application\/(activity\+json|ld\+json)\b/i;

/** POST /inbox (shared) and /users/:username/inbox. Everything after the durable enqueue is a job. */
export async function inboxRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  const handle = async (request: import('fastify').FastifyRequest, recipient?: string) => {
    if (!AS2_TYPES.test(request.headers['content-type'] ?? '')) {
      throw new DomainError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', 'send activities as application/activity+json or application/ld+json');
    }
    const result = await receiveActivity(fed, { method: request.method, url: request.raw.url ?? request.url, headers: request.headers, rawBody: request.rawBody, body: request.body, recipient });
    fed.metrics?.inboxAccepted(result.queued ? 'queued' : result.reason ?? 'duplicate');
    return result;
  };
  const metrics = fed.metrics;
  // Per-request logging stays at warn on the inbox: it is the hottest path under a fan-in.
  const opts = {
    bodyLimit: fed.config.bodyLimit,
    logLevel: 'warn' as const,
    // Every refusal, whatever refused it (the body parser, the signature check, an unknown
    // recipient), by the code its answer carries; the hook exists only with metrics on.
    ...(metrics ? { onError: async (request: import('fastify').FastifyRequest, _reply: unknown, error: unknown) => metrics.inboxRefused(toProblem(error, request).code) } : {}),
  };
  app.post('/inbox', opts, async (request, reply) => {
    await handle(request);
    return reply.code(202).send();
  });
  app.post('/actor/inbox', opts, async (request, reply) => {
    await handle(request);
    return reply.code(202).send();
  });
  app.post<{ Params: { username: string } }>('/users/:username/inbox', opts, async (request, reply) => {
    const actor = await getLocalActorByUsername(fed, request.params.username);
    await handle(request, actor.username);
    return reply.code(202).send();
  });
}
