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

function checkKeys(p256dh: unknown, auth: unknown): { p256dh: string; auth: string } {
  const bad = (what: string) => invalid('VALIDATION_FAILED', `Validation failed: ${what}`);
  if (typeof p256dh !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(p256dh)) throw bad('Key p256dh is invalid');
  const point = Buffer.from(p256dh, 'base64url');
  // An uncompressed P-256 point that is on the curve: the only key the payload can be encrypted to.
  if (point.length !== 65 || point[0] !== 4) throw bad('Key p256dh is not a P-256 public key');
  try {
    createECDH('prime256v1').computeSecret(point);
  } catch {
    throw bad('Key p256dh is not a P-256 public key');
  }
  if (typeof auth !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(auth) || Buffer.from(auth, 'base64url').length !== 16) throw bad('Key auth must be 16 bytes');
  return { p256dh: p256dh.replace(/=+$/, ''), auth: auth.replace(/=+$/, '') };
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
