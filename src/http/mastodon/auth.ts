import type { preHandlerAsyncHookHandler } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { hasScope } from '../../domain/auth/authenticate.js';
import { forbidden } from '../../errors.js';
import { requireAuth } from '../plugins/auth.js';

/**
 * Doorkeeper's `doorkeeper_authorize! :a, :b`: a user token carrying any one of the scopes. Mastodon
 * uses it where a narrow scope (e.g. `profile`) also opens an endpoint.
 */
export function requireAnyScope(deps: Deps, scopes: string[]): preHandlerAsyncHookHandler {
  const authenticate = requireAuth(deps);
  return async function (request, reply) {
    await authenticate.call(this, request, reply);
    const granted = request.principal!.scopes;
    if (!scopes.some((s) => hasScope(granted, s))) throw forbidden('SCOPE_MISSING', 'This action is outside the authorized scopes');
  };
}
