import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import type { RateWindow } from '../../config/types.js';
import { DomainError } from '../../errors.js';
import { hashToken } from '../../crypto/keys.js';
import { throttleKeyForIp, type WindowResult } from '../../domain/limits/fixed-window.js';
import { SyncedWindowCounter } from '../../domain/limits/shared-window.js';

const LOGIN_PATHS = new Set(['/oauth/token', '/oauth/authorize', '/auth/sign_in']);

function bearerKey(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '');
  // Hashed: the counter map must not hold live tokens.
  return match ? hashToken(match[1]!) : undefined;
}

function setHeaders(reply: FastifyReply, r: WindowResult): void {
  reply.header('x-ratelimit-limit', String(r.limit));
  reply.header('x-ratelimit-remaining', String(r.remaining));
  reply.header('x-ratelimit-reset', r.resetAt.toISOString());
}

/**
 * Mastodon's throttles for the client API and login: per token on /api and /oauth, per client IP
 * when unauthenticated, and per IP on login posts. A 429 carries Retry-After and X-RateLimit-*;
 * the error is rendered by whichever surface owns the route (problem+json or Mastodon JSON).
 */
export function registerRateLimits(app: FastifyInstance, deps: Deps): void {
  const cfg = deps.config.rateLimits;
  if (!cfg.enabled) return;
  // In the store, synced once a second per key: the limits hold across nodes and restarts.
  const counter = new SyncedWindowCounter(deps.store);
  const check = async (reply: FastifyReply, key: string, window: RateWindow, now: number): Promise<void> => {
    const r = await counter.hit(`throttle:${key}`, window.limit, window.periodSeconds, now);
    setHeaders(reply, r);
    if (!r.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil((r.resetAt.getTime() - now) / 1000));
      reply.header('retry-after', String(retryAfterSeconds));
      throw new DomainError('rate_limited', 'RATE_LIMITED', 'Too many requests', { retryAfterSeconds });
    }
  };
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const isApi = path.startsWith('/api/') || path.startsWith('/oauth/');
    const isLogin = request.method === 'POST' && LOGIN_PATHS.has(path);
    if (!isApi && !isLogin) return;
    const now = deps.now().getTime();
    const ip = throttleKeyForIp(request.ip);
    if (isLogin) await check(reply, `login:${ip}`, cfg.loginPerIp, now);
    // The web sign-in form is not the API: only its per-IP login limit applies.
    if (!isApi) return;
    const token = bearerKey(request);
    if (token) await check(reply, `token:${token}`, cfg.apiPerToken, now);
    else await check(reply, `ip:${ip}`, cfg.apiPerIp, now);
  });
}
