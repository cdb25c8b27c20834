import type { FastifyInstance } from 'fastify';

/** As Mastodon's rack-cors setup: any origin, no credentials, the pagination and rate-limit headers readable. */
const EXPOSE = 'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id, Idempotency-Key';
const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const HEADERS = 'Authorization, Content-Type, Idempotency-Key, Accept';

/**
 * Browser apps (Elk, Phanpy) call the API from their own origin with a bearer token, never cookies,
 * so `*` is safe. Applies to every route of the scope it is called in, errors and 404s included.
 */
export function allowCors(scope: FastifyInstance, options: { paths?: string[] } = {}): void {
  const applies = (url: string) => !options.paths || options.paths.includes(url.split('?')[0]!);
  scope.addHook('onRequest', async (request, reply) => {
    if (!applies(request.url)) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', EXPOSE);
  });
  scope.options('/*', async (request, reply) => {
    if (!applies(request.url)) return reply.code(404).type('application/json; charset=utf-8').send({ error: 'Not Found' });
    const asked = request.headers['access-control-request-headers'];
    return reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', METHODS)
      .header('access-control-allow-headers', typeof asked === 'string' && /^[\w\-, ]{1,500}$/.test(asked) ? asked : HEADERS)
      .header('access-control-max-age', '86400')
      .header('vary', 'Access-Control-Request-Headers')
      .send();
  });
}
