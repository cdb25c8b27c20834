/**
 * OAuth 2 errors as Doorkeeper (Mastodon's OAuth server) names and words them, so apps that
 * branch on `error` or show `error_description` behave as against Mastodon.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_redirect_uri'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_code_challenge_method'
  | 'access_denied';

export const DESCRIPTIONS: Record<OAuthErrorCode, string> = {
  invalid_request: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  invalid_client: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  invalid_redirect_uri: "The requested redirect uri is malformed or doesn't match client redirect URI.",
  unauthorized_client: 'The client is not authorized to perform this request using this method.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  invalid_code_challenge_method: 'The code_challenge_method must be one of plain, S256.',
  access_denied: 'The resource owner or authorization server denied the request.',
};

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  invalid_scope: 400,
  invalid_redirect_uri: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  invalid_code_challenge_method: 400,
  access_denied: 403,
};

export class OAuthError extends Error {
  override name = 'OAuthError';
  readonly status: number;
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string = DESCRIPTIONS[error],
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(`${error}: ${description}`, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.status = options.status ?? STATUS[error];
  }
}

export const missingParam = (name: string) => new OAuthError('invalid_request', `Missing required parameter: ${name}.`);
