import { createECDH } from 'node:crypto';
import { invalid, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { PushSubscription } from '../../store/port.js';
import type { Principal } from '../auth/authenticate.js';
import type { Deps } from '../deps.js';
import { DomainError } from '../../errors.js';
import { vapidPublicKey } from '../oauth/apps.js';
import { sealToken } from './seal.js';

/** The alert kinds Mastodon's API knows; others are ignored as Mastodon ignores them. */
export const ALERTS = ['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'admin.sign_up', 'admin.report'] as const;
export const POLICIES = ['all', 'followed', 'follower', 'none'] as const;

export interface SubscriptionInput {
  endpoint: unknown;
  p256dh: unknown;
  auth: unknown;
  standard?: unknown;
  alerts?: unknown;
  policy?: unknown;
}

const flag = (v: unknown) => v === true || v === 'true' || v === '1';

function alertsOf(raw: unknown, base: Record<string, boolean>): Record<string, boolean> {
  const out = { ...base };
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const k of ALERTS) if (k in raw) out[k] = flag((raw as Record<string, unknown>)[k]);
  }
  return out;
}

function policyOf(raw: unknown, fallback: string): string {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(POLICIES as readonly string[]).includes(raw)) throw invalid('VALIDATION_FAILED', `Validation failed: Policy must be one of ${POLICIES.join(', ')}`);
  return raw;
}

/** Apps send base64 or base64url, padded or not (masto documents base64): one spelling stored. */
function b64url(v: unknown): string | undefined {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return undefined;
  return v.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function checkKeys(p256dh: unknown, auth: unknown): { p256dh: string; auth: string } {
  const bad = (what: string) => invalid('VALIDATION_FAILED', `Validation failed: ${what}`);
  const key = b64url(p256dh);
  if (!key) throw bad('Key p256dh is invalid');
  const point = Buffer.from(key, 'base64url');
  // An uncompressed P-256 point that is on the curve: the only key the payload can be encrypted to.
  if (point.length !== 65 || point[0] !== 4) throw bad('Key p256dh is not a P-256 public key');
  try {
    // computeSecret checks the point is on the curve; it needs a key pair of its own to do so.
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(point);
  } catch {
    throw bad('Key p256dh is not a P-256 public key');
  }
  const secret = b64url(auth);
  if (!secret || Buffer.from(secret, 'base64url').length !== 16) throw bad('Key auth must be 16 bytes');
  return { p256dh: key, auth: secret };
}

function checkEndpoint(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2048) throw invalid('VALIDATION_FAILED', 'Validation failed: Endpoint is invalid');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('VALIDATION_FAILED', 'Validation failed: Endpoint is not a URL');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw invalid('VALIDATION_FAILED', 'Validation failed: Endpoint must be an http(s) URL');
  return url.toString();
}

function session(principal: Principal): { tokenId: string; userId: string; accountId: string } {
  if (!principal.user || !principal.actor) throw new DomainError('invalid', 'USER_TOKEN_REQUIRED', 'This method requires an authenticated user');
  return { tokenId: principal.token.id, userId: principal.user.id, accountId: principal.actor.id };
}

/** POST /api/v1/push/subscription: this token's subscription, replacing an earlier one. */
export async function subscribe(deps: Deps, principal: Principal, rawToken: string, input: SubscriptionInput): Promise<PushSubscription> {
  const who = session(principal);
  const endpoint = checkEndpoint(input.endpoint);
  const keys = checkKeys(input.p256dh, input.auth);
  const now = deps.now().toISOString();
  return deps.store.pushSubscriptions.putForToken({
    id: newId(deps.now().getTime()), ...who, endpoint, ...keys,
    // Mastodon: what the app does not ask for is off.
    alerts: alertsOf(input.alerts, Object.fromEntries(ALERTS.map((a) => [a, false]))),
    policy: policyOf(input.policy, 'all'), standard: flag(input.standard), tokenSealed: await sealToken(deps, rawToken), createdAt: now, updatedAt: now,
  });
}

export async function currentSubscription(deps: Deps, principal: Principal): Promise<PushSubscription> {
  const found = await deps.store.pushSubscriptions.getByToken(session(principal).tokenId);
  if (!found) throw notFound('PUSH_SUBSCRIPTION_NOT_FOUND', 'Record not found');
  return found;
}

/** PUT: alerts and policy only, as Mastodon's update; keys and endpoint need a new subscription. */
export async function updateSubscription(deps: Deps, principal: Principal, input: { alerts?: unknown; policy?: unknown }): Promise<PushSubscription> {
  const existing = await currentSubscription(deps, principal);
  return (await deps.store.pushSubscriptions.update(existing.id, {
    alerts: alertsOf(input.alerts, existing.alerts), policy: policyOf(input.policy, existing.policy), updatedAt: deps.now().toISOString(),
  }))!;
}

export async function unsubscribe(deps: Deps, principal: Principal): Promise<void> {
  await deps.store.pushSubscriptions.deleteByToken(session(principal).tokenId);
}

/** Mastodon's WebPushSubscription entity. */
export async function subscriptionView(deps: Deps, s: PushSubscription) {
  return {
    id: s.id, endpoint: s.endpoint, standard: s.standard,
    alerts: Object.fromEntries(ALERTS.map((a) => [a, !!s.alerts[a]])),
    policy: s.policy, server_key: await vapidPublicKey(deps),
  };
}
