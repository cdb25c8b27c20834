import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../domain/deps.js';
import { emptyCollections, type CollectionSource } from '../domain/actors/collections.js';
import { DomainError } from '../errors.js';
import { toProblem, sendProblem } from './problem.js';
import { discoveryRoutes } from './federation/discovery.js';
import { actorRoutes } from './federation/actors.js';
import { healthRoutes } from './health.js';
import { mediaFileRoutes } from './media-files.js';
import { mastodonApi } from './mastodon/index.js';
import { solutionApiRoutes } from './api/solutions.js';
import { solutionDraftApiRoutes } from './api/solution-drafts.js';
import { solutionWebRoutes } from './federation/solutions.js';
import { createFederation, type FedDeps } from '../activitypub/federation.js';
import { EventBus } from '../domain/streaming/events.js';
import './plugins/auth.js';
import { registerRateLimits } from './plugins/rate-limit.js';
import { assertJsonWithinLimits } from './json-limits.js';
import { validatorCompiler } from './validation.js';
import { answerBeforeBody } from './early-answer.js';
import { registerWebFoundation, sendErrorPage, wantsPage, webRoutes } from './web/index.js';
import { metricsRoutes, type MetricsSource } from './metrics.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no access-log line (health probes every few seconds would drown the log). */
    accessLog?: boolean;
    /** true: in authorized-fetch mode, only validly signed GETs from federating servers get an answer. */
    signedFetch?: boolean;
  }
  interface FastifyRequest {
    /** The exact bytes of an AS2 body: the Digest header is computed over them. */
    rawBody: Buffer | null;
  }
}

export interface AppOptions {
  collections?: CollectionSource;
  /**
   * Authorized-fetch: called for routes whose config says `signedFetch: true` when the instance
   * runs with `authorizedFetch` on; throws to refuse.
   */
  verifySignedFetch?: (request: FastifyRequest) => Promise<void>;
  /** Extra route plugins (federation inbox, Mastodon API, ...) registered after the foundation's. */
  plugins?: Array<(app: FastifyInstance, deps: Deps) => Promise<void>>;
  /** The running federation (HTTP client, key cache, job wake-up) for client-API follows; tests may omit it. */
  fed?: FedDeps;
  /** Serve GET /metrics on this app, behind this bearer token (unset: metrics are off or served elsewhere). */
  metrics?: { source: MetricsSource; token: string };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Streaming clients may put their token in the query (`access_token`), as Mastodon allows: never log it. */
export function withoutSecrets(url: string): string {
  return url.replace(/([?&](?:access_token|code|client_secret)=)[^&#]*/gi, '$1[redacted]');
}

/** Builds the Fastify app; never listens, so tests use inject() and main.ts calls listen(). */
export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimit,
    // Fastify's two lines per request cost ~45 % of hello-world throughput; one line in onResponse is enough.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    // A well-formed incoming id (from a proxy) is kept so logs line up across hops.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);

  app.decorateRequest('rawBody', null);
  app.decorateRequest('principal', null);
  // Every JSON body (client API, native API, OAuth, admin) gets the same depth and array caps as AS2
  // bodies: a body nested thousands deep is refused before a validator or handler walks it.
  // Fastify's own parser stays underneath, with its prototype-poisoning checks.
  const fastifyJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    fastifyJson(request, body as string, (error, parsed) => {
      if (error) return done(error, undefined);
      try {
        assertJsonWithinLimits(parsed);
      } catch (e) {
        return done(e as Error, undefined);
      }
      done(null, parsed);
    });
  });
  app.addContentTypeParser(['application/activity+json', 'application/ld+json'], { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    request.rawBody = body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (e) {
      done(new DomainError('invalid', 'BODY_MALFORMED', `body is not valid JSON: ${(e as Error).message}`), undefined);
      return;
    }
    try {
      assertJsonWithinLimits(parsed);
      done(null, parsed);
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // A 413 (or any answer) given before the body arrived reaches the client instead of a reset.
  answerBeforeBody(app);
  // One cheap line per request; the inbox path can lower it with a route logLevel.
  app.addHook('onResponse', async (request, reply) => {
    if ((request.routeOptions.config as { accessLog?: boolean } | undefined)?.accessLog === false) return;
    request.log.info({ method: request.method, url: withoutSecrets(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  const metrics = deps.metrics;
  if (metrics) {
    // The route pattern, never the URL: one series per route however many ids and queries pass.
    app.addHook('onResponse', async (request, reply) => {
      metrics.httpRequest(request.routeOptions.url, request.method, reply.statusCode, reply.elapsedTime / 1000);
    });
  }

  app.setErrorHandler(async (error, request, reply) => {
    // A browser on a page route (/solutions/:id, /@user...) gets a page; API clients keep problem+json.
    if (wantsPage(request)) return sendErrorPage(deps, error, request, reply);
    const p = toProblem(error, request);
    if (p.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: p.code, detail: p.detail }, 'request refused');
    if (error instanceof DomainError && error.extra.retryAfterSeconds) reply.header('retry-after', String(error.extra.retryAfterSeconds));
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const error = new DomainError('not_found', 'ROUTE_NOT_FOUND', `no resource at ${request.method} ${request.url.split('?')[0]}`);
    // A browser that follows a bad link gets a page with the site's navigation, never JSON.
    if (wantsPage(request)) return sendErrorPage(deps, error, request, reply);
    return sendProblem(reply, toProblem(error, request));
  });
  await registerWebFoundation(app, deps);

  registerRateLimits(app, deps);
  if (deps.config.authorizedFetch) {
    const verify = options.verifySignedFetch;
    app.addHook('preHandler', async (request) => {
      if (!(request.routeOptions.config as { signedFetch?: boolean } | undefined)?.signedFetch) return;
      // Without a verifier (a test app with no federation) nothing could be verified: refuse.
      if (!verify) throw new DomainError('unauthorized', 'SIGNATURE_MISSING', 'this instance requires signed fetches');
      await verify(request);
    });
  }

  const collections = options.collections ?? emptyCollections;
  await app.register(async (scope) => healthRoutes(scope, deps));
  if (options.metrics) {
    const m = options.metrics;
    await app.register(async (scope) => metricsRoutes(scope, m));
  }
  await app.register(async (scope) => mediaFileRoutes(scope, deps));
  await app.register(async (scope) => discoveryRoutes(scope, deps));
  await app.register(async (scope) => actorRoutes(scope, { ...deps, collections }));
  // Without a running federation (inject tests) follows still work; deliveries wait for a job runner.
  // Streaming needs a bus shared by the API and the federation context (which copies deps).
  deps.events ??= options.fed?.events ?? new EventBus(deps.store);
  const fed = options.fed ?? createFederation(deps);
  await app.register(async (scope) => mastodonApi(scope, fed));
  await app.register(async (scope) => solutionApiRoutes(scope, fed));
  await app.register(async (scope) => solutionDraftApiRoutes(scope, fed));
  await app.register(async (scope) => solutionWebRoutes(scope, fed));
  await app.register(async (scope) => webRoutes(scope, fed));
  for (const plugin of options.plugins ?? []) await app.register(async (scope) => plugin(scope, deps));
  return app;
}
