import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { authenticateBearer, assertScope, type Principal } from '../../domain/auth/authenticate.js';
import { DomainError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth preHandlers when a valid bearer token came with the request. */
    principal: Principal | null;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new DomainError('unauthorized', 'TOKEN_INVALID', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** preHandler: a token is required (and must carry `scope` when given), user-bound unless `allowAppOnly`. */
export function requireAuth(deps: Deps, scope?: string, options: { allowAppOnly?: boolean } = {}): preHandlerAsyncHookHandler {
  return async (request) => {
    const token = bearer(request);
    if (!token) throw new DomainError('unauthorized', 'TOKEN_MISSING', 'The access token is invalid');
    const principal = await authenticateBearer(deps, token);
    if (!principal.user && !options.allowAppOnly) throw new DomainError('unauthorized', 'USER_TOKEN_REQUIRED', 'This method requires an authenticated user');
    if (scope) assertScope(principal, scope);
    request.principal = principal;
  };
}

/** preHandler: a token is optional; a bad one is still refused (as Mastodon does). */
export function optionalAuth(deps: Deps): preHandlerAsyncHookHandler {
  return async (request) => {
    const token = bearer(request);
    request.principal = token ? await authenticateBearer(deps, token) : null;
  };
}
