import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import type { Logger } from '../log.js';
import { sendProblem, toProblem } from './problem.js';

/** What the route needs of the metrics: the exposition, rendered at scrape time. */
export interface MetricsSource {
  render(): Promise<{ contentType: string; body: string }>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Compares hashes of equal length, so the time taken says nothing about the token's length or
 * how many leading characters a guess got right.
 */
export function tokenMatches(header: string | undefined, expectedDigest: Buffer): boolean {
  const m = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return timingSafeEqual(digest(m?.[1] ?? ''), expectedDigest) && m !== null;
}

/** GET /metrics; with a token, only for a request bearing it (401 and a Bearer challenge otherwise). */
export async function metricsRoutes(app: FastifyInstance, options: { source: MetricsSource; token?: string }): Promise<void> {
  const expected = options.token !== undefined ? digest(options.token) : undefined;
  const refuse = (request: FastifyRequest, reply: FastifyReply, code: string, detail: string) => {
    reply.header('www-authenticate', `Bearer realm="metrics"${code === 'METRICS_TOKEN_INVALID' ? ', error="invalid_token"' : ''}`);
    return sendProblem(reply, toProblem(new DomainError('unauthorized', code, detail), request));
  };
  // Scrapes every few seconds would drown the access log.
  app.get('/metrics', { config: { accessLog: false } }, async (request, reply) => {
    if (expected) {
      const header = request.headers.authorization;
      if (!header) return refuse(request, reply, 'METRICS_TOKEN_REQUIRED', 'send the metrics token as Authorization: Bearer <token>');
      if (!tokenMatches(header, expected)) return refuse(request, reply, 'METRICS_TOKEN_INVALID', 'the metrics token is not valid');
    }
    const { contentType, body } = await options.source.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}

/**
 * A listener of its own for /metrics (metrics.listen), typically on a private address the
 * scraper reaches and the public does not; nothing else is served there.
 */
export async function startMetricsListener(options: { host: string; port: number; source: MetricsSource; token?: string; log: Logger }): Promise<{ app: FastifyInstance; address: { host: string; port: number } }> {
  const app = Fastify({ loggerInstance: options.log.child({ listener: 'metrics' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  app.setErrorHandler(async (error, request, reply) => {
    const p = toProblem(error, request);
    if (p.status >= 500) request.log.error({ err: error }, 'metrics request failed');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(reply, toProblem(new DomainError('not_found', 'ROUTE_NOT_FOUND', 'this listener serves only GET /metrics'), request)));
  await app.register(async (scope) => metricsRoutes(scope, options));
  await app.listen({ host: options.host, port: options.port });
  const addr = app.server.address();
  return { app, address: typeof addr === 'object' && addr ? { host: addr.address, port: addr.port } : { host: options.host, port: options.port } };
}
