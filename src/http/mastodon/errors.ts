import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, statusOf } from '../../errors.js';
import { OAuthError } from '../../domain/oauth/errors.js';

/** Mastodon's error body; masto.js reads `error` and `error_description` from application/json only. */
export interface MastodonError {
  error: string;
  error_description?: string;
}

const MALFORMED = new Set(['BODY_MALFORMED', 'JSON_TOO_DEEP', 'JSON_ARRAY_TOO_LONG', 'PARAMS_TOO_DEEP', 'PARAMS_MALFORMED']);

type Validation = FastifyError & { validation?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> };

/** Status and body for the client API, the way Mastodon's Api::BaseController answers. */
export function toMastodonError(error: unknown): { status: number; body: MastodonError } {
  if (error instanceof OAuthError) return { status: error.status, body: { error: error.error, error_description: error.description } };
  if (error instanceof DomainError) {
    if (error.kind === 'not_found') return { status: 404, body: { error: 'Record not found' } };
    // Mastodon: a token without a user on a user endpoint is 422 (require_user!).
    if (error.code === 'USER_TOKEN_REQUIRED') return { status: 422, body: { error: 'This method requires an authenticated user' } };
    if (error.code === 'PARAM_MISSING') return { status: 400, body: { error: error.detail } };
    // A body or parameter nesting too deep (or a JSON array too long) is malformed, as Rack answers it.
    if (MALFORMED.has(error.code)) return { status: 400, body: { error: error.detail } };
    // Mastodon answers failed validations with 422.
    const status = error.kind === 'invalid' ? 422 : statusOf(error.kind);
    return { status, body: { error: error.detail } };
  }
  const fe = error as Validation;
  if (fe.validation) {
    const parts = fe.validation.map((v) => {
      const field = (v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? '')) || (fe.validationContext ?? 'body');
      return `${field} ${v.message ?? 'is invalid'}`;
    });
    return { status: 422, body: { error: `Validation failed: ${parts.join(', ')}` } };
  }
  const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (status >= 500) return { status, body: { error: 'Internal Server Error' } };
  const messages: Record<string, string> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'Payload Too Large',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Media Type',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON document',
  };
  return { status, body: { error: (fe.code && messages[fe.code]) || fe.message } };
}

/** The OAuth endpoints answer every failure in OAuth's shape. */
export function toOAuthError(error: unknown): { status: number; body: MastodonError } {
  if (error instanceof OAuthError) return { status: error.status, body: { error: error.error, error_description: error.description } };
  // Rate limits answer 429 on every path, as Mastodon's rack-attack does, not an OAuth error.
  if (error instanceof DomainError && error.kind === 'rate_limited') return { status: 429, body: { error: error.detail } };
  const mapped = toMastodonError(error);
  // A body over the limit is a 413 here as on every surface: the client must learn it is the size.
  if (mapped.status === 413) return { status: 413, body: { error: 'invalid_request', error_description: 'Payload Too Large: the request body is larger than this server accepts' } };
  if (mapped.status >= 500) return { status: 500, body: { error: 'server_error', error_description: 'The authorization server encountered an unexpected condition which prevented it from fulfilling the request.' } };
  return { status: 400, body: { error: 'invalid_request', error_description: mapped.body.error } };
}

export function sendMastodonError(request: FastifyRequest, reply: FastifyReply, error: unknown, shape: 'api' | 'oauth'): FastifyReply {
  const { status, body } = shape === 'oauth' ? toOAuthError(error) : toMastodonError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ status, error: body.error }, 'request refused');
  if (status === 401) {
    // Doorkeeper's challenge; the description is the same client-safe text as the body.
    const [code, text] = shape === 'oauth' ? [body.error, body.error_description ?? ''] : ['invalid_token', body.error];
    reply.header('www-authenticate', `Bearer realm="Doorkeeper", error="${code}", error_description="${text.replace(/"/g, "'")}"`);
  }
  if (error instanceof DomainError && error.extra.retryAfterSeconds) reply.header('retry-after', String(error.extra.retryAfterSeconds));
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
