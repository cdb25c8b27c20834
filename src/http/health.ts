import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';

/** /healthz: the process answers. /readyz: the store answers too (load balancers route on it). */
export async function healthRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/healthz', { config: { accessLog: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { accessLog: false } }, async (request, reply) => {
    try {
      await deps.store.ping();
      return { status: 'ready', store: deps.store.kind };
    } catch (e) {
      request.log.error({ err: e }, 'store ping failed');
      return reply.code(503).type('application/problem+json').send({ type: 'about:blank#STORE_UNREACHABLE', title: 'Service Unavailable', status: 503, code: 'STORE_UNREACHABLE', detail: 'the store does not answer' });
    }
  });
}
