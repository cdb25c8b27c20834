import { KNOWN_SCOPES } from '../accounts/accounts.js';
import { OAuthError } from './errors.js';

/** What an app or token gets when it names no scope (Doorkeeper's default_scopes in Mastodon). */
export const DEFAULT_SCOPES: readonly string[] = ['read'];

/** Splits a space (or `+`) separated scope string; unknown scopes are `invalid_scope`. Empty -> the default. */
export function parseOAuthScopes(text: string | undefined | null): string[] {
  const scopes = [...new Set((text ?? '').split(/[\s+]+/).filter(Boolean))];
  if (scopes.length === 0) return [...DEFAULT_SCOPES];
  if (scopes.some((s) => !KNOWN_SCOPES.has(s))) throw new OAuthError('invalid_scope');
  return scopes;
}

/**
 * Doorkeeper compares scope strings literally: an app registered for `read write` may ask for `read`
 * but not for `read:accounts`, even though `read` would cover it at the API.
 */
export function assertWithin(requested: readonly string[], allowed: readonly string[]): void {
  const set = new Set(allowed);
  if (requested.some((s) => !set.has(s))) throw new OAuthError('invalid_scope');
}
