import { generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { hashToken, randomSecret } from '../../crypto/keys.js';
import { newId } from '../../ids.js';
import { DomainError } from '../../errors.js';
import type { OAuthApp } from '../../store/port.js';
import { KNOWN_SCOPES } from '../accounts/accounts.js';
import type { Deps } from '../deps.js';
import { OAuthError } from './errors.js';
import { DEFAULT_SCOPES } from './scopes.js';

/** Doorkeeper's "native" redirect URI: the code is shown to the user instead of redirected. */
export const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob';

const MAX_NAME = 60;
const MAX_URI = 2000;
const FORBIDDEN_SCHEMES = new Set(['data:', 'javascript:', 'vbscript:']);

export interface AppRegistration {
  clientName?: string;
  /** One URI, several separated by newlines (Mastodon's form), or an array. */
  redirectUris?: string | string[];
  scopes?: string;
  website?: string;
}

export interface RegisteredApp {
  app: OAuthApp;
  /** Shown once, in the registration response; only its hash is stored. */
  clientSecret: string;
}

/** Mastodon's validation wording, so apps that print the 422 message say something familiar. */
const validation = (messages: string[]) => new DomainError('invalid', 'APP_INVALID', `Validation failed: ${messages.join(', ')}`);

export function parseRedirectUris(input: string | string[] | undefined): { uris: string[]; problems: string[] } {
  const list = (Array.isArray(input) ? input : (input ?? '').split(/\r?\n/)).map((s) => s.trim()).filter(Boolean);
  const uris = [...new Set(list)];
  if (uris.length === 0) return { uris, problems: ["Redirect URI can't be blank"] };
  const problems: string[] = [];
  for (const uri of uris) {
    if (uri === OOB_REDIRECT_URI) continue;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      problems.push('Redirect URI must be an absolute URI.');
      continue;
    }
    if (uri.length > MAX_URI) problems.push(`Redirect URI is too long (maximum is ${MAX_URI} characters)`);
    if (url.hash || uri.includes('#')) problems.push('Redirect URI cannot contain a fragment.');
    if (FORBIDDEN_SCHEMES.has(url.protocol.toLowerCase())) problems.push('Redirect URI is forbidden by the server.');
  }
  return { uris, problems: [...new Set(problems)] };
}

/** POST /api/v1/apps: validates like Mastodon (422 "Validation failed: ...") and stores the client. */
export async function registerApp(deps: Deps, input: AppRegistration): Promise<RegisteredApp> {
  const problems: string[] = [];
  const name = (input.clientName ?? '').trim();
  if (!name) problems.push("Application name can't be blank");
  else if (name.length > MAX_NAME) problems.push(`Application name is too long (maximum is ${MAX_NAME} characters)`);
  const redirect = parseRedirectUris(input.redirectUris);
  problems.push(...redirect.problems);
  const scopes = [...new Set((input.scopes ?? '').split(/[\s+]+/).filter(Boolean))];
  if (scopes.some((s) => !KNOWN_SCOPES.has(s))) problems.push("Scopes doesn't match configured on the server.");
  const website = input.website?.trim() || null;
  if (website && !isHttpUrl(website)) problems.push('Website is not a valid URL');
  if (problems.length) throw validation(problems);

  const clientSecret = randomSecret(32);
  const now = deps.now();
  const app = await deps.store.oauthApps.put({
    id: newId(now.getTime()),
    name,
    website,
    redirectUris: redirect.uris,
    scopes: scopes.length ? scopes : [...DEFAULT_SCOPES],
    clientId: randomSecret(32),
    clientSecretHash: hashToken(clientSecret),
    createdAt: now.toISOString(),
  });
  return { app, clientSecret };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && text.length <= MAX_URI;
  } catch {
    return false;
  }
}

export async function getAppByClientId(deps: Deps, clientId: string): Promise<OAuthApp | undefined> {
  return deps.store.oauthApps.getByClientId(clientId);
}

export async function getAppById(deps: Deps, id: string): Promise<OAuthApp | undefined> {
  return deps.store.oauthApps.getById(id);
}

/** Client authentication at the token and revoke endpoints; any failure is the one `invalid_client`. */
export async function authenticateClient(deps: Deps, clientId: string | undefined, clientSecret: string | undefined): Promise<OAuthApp> {
  if (!clientId || !clientSecret) throw new OAuthError('invalid_client');
  const app = await deps.store.oauthApps.getByClientId(clientId);
  // Hash the presented secret even for unknown clients so both paths cost the same.
  const presented = Buffer.from(hashToken(clientSecret));
  const stored = Buffer.from(app?.clientSecretHash ?? hashToken(''));
  if (!app || presented.length !== stored.length || !timingSafeEqual(presented, stored)) throw new OAuthError('invalid_client');
  return app;
}

/**
 * The Web Push server key apps read from app registration (and instance v2). Generated once per
 * instance and kept, because apps pin it when they subscribe.
 */
export async function vapidPublicKey(deps: Deps): Promise<string> {
  const existing = await deps.store.meta.get('vapidPublicKey');
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  // Uncompressed point 0x04 || X || Y, base64url: the applicationServerKey format browsers take.
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]).toString('base64url');
  return deps.store.transaction(async (tx) => {
    const raced = await tx.meta.get('vapidPublicKey');
    if (raced) return raced;
    await tx.meta.set('vapidPrivateKey', privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    await tx.meta.set('vapidPublicKey', point);
    return point;
  });
}
