import { DomainError } from '../../errors.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';
import { StoreWindowCounter } from './shared-window.js';

const failures = new WeakMap<object, StoreWindowCounter>();

/** Counted in the store: a lockout holds on every node and across restarts. */
function counterFor(deps: Pick<Deps, 'store'>): StoreWindowCounter {
  let c = failures.get(deps.store);
  if (!c) failures.set(deps.store, (c = new StoreWindowCounter(deps.store)));
  return c;
}

const keyOf = (username: string) => `login-failures:${username.toLowerCase()}`;

/** Refuses a login attempt for an account that failed too often in the current window. */
export async function assertLoginAllowed(deps: Pick<Deps, 'store' | 'config' | 'now'>, username: string): Promise<void> {
  const { limit, periodSeconds } = deps.config.rateLimits.loginFailuresPerAccount;
  if (!deps.config.rateLimits.enabled) return;
  const state = await counterFor(deps).peek(keyOf(username), limit, periodSeconds, deps.now().getTime());
  if (state.remaining <= 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil((state.resetAt.getTime() - deps.now().getTime()) / 1000));
    throw new DomainError('rate_limited', 'LOGIN_THROTTLED', 'Too many failed login attempts; try again later', { retryAfterSeconds });
  }
}

/** Counts a failed login and writes it to the audit log (a security event). */
export async function recordLoginFailure(deps: Pick<Deps, 'store' | 'config' | 'now'>, username: string, ip: string | null): Promise<void> {
  const { limit, periodSeconds } = deps.config.rateLimits.loginFailuresPerAccount;
  await counterFor(deps).hit(keyOf(username), limit, periodSeconds, deps.now().getTime());
  await audit(deps, { actor: `ip:${ip ?? 'unknown'}`, action: 'login.failed', target: username.toLowerCase(), ip });
}

/** A success clears the account's failure count. */
export async function recordLoginSuccess(deps: Pick<Deps, 'store'>, username: string): Promise<void> {
  await counterFor(deps).reset(keyOf(username));
}
