import type { FastifyInstance } from 'fastify';
import { KNOWN_SCOPES } from '../../../domain/accounts/accounts.js';
import type { Deps } from '../../../domain/deps.js';
import { SOFTWARE } from '../../../version.js';

/**
 * RFC 8414 authorization server metadata, as Mastodon 4.3 answers it: apps (Phanpy, Elk) read it
 * to learn the endpoints and that PKCE with S256 is supported. Only what this server does is
 * listed: no `password` grant, redirects with the code in the query only.
 */
export function authorizationServerMetadata(deps: Pick<Deps, 'urls'>): Record<string, unknown> {
  const base = deps.urls.base;
  return {
    issuer: `${base}/`,
    service_documentation: `${SOFTWARE.repository}/src/branch/main/docs/mastodon-api.md`,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    revocation_endpoint: `${base}/oauth/revoke`,
    scopes_supported: [...KNOWN_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  };
}

export async function oauthMetadataRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/.well-known/oauth-authorization-server', async (_request, reply) => {
    // Browser apps read it from their own origin, as Mastodon's CORS rules for /.well-known allow.
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=900');
    return authorizationServerMetadata(deps);
  });
}
