import { randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { invalid } from '../../errors.js';
import type { DomainAction, DomainPolicy, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';

export type FederationMode = 'open' | 'allowlist';

/** The verdict for one remote host. */
export interface DomainVerdict {
  /** false: refuse inbox posts, fetches and deliveries. */
  allowed: boolean;
  /** true: store, but keep out of public timelines and search. */
  silenced: boolean;
  /** The policy that decided, if any. */
  policy?: DomainPolicy;
  reason: 'open' | 'blocked' | 'silenced' | 'allowlisted' | 'not_allowlisted' | 'local';
}

const MODE_KEY = 'federationMode';

/**
 * Accepts `example.org`, `Example.ORG.`, `https://example.org/path` or an IDN, and returns the
 * ASCII lower-case host (with a port only when one was given).
 */
export function normalizeDomain(input: string): string {
  let text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      text = new URL(text).host;
    } catch {
      throw invalid('DOMAIN_INVALID', `"${input}" is not a domain`);
    }
  }
  text = text.replace(/\.$/, '');
  const [host, port, ...more] = text.split(':');
  const ascii = domainToASCII(host ?? '').toLowerCase();
  if (!ascii || more.length || (port !== undefined && !/^\d{1,5}$/.test(port)) || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(ascii)) {
    throw invalid('DOMAIN_INVALID', `"${input}" is not a domain`);
  }
  return port ? `${ascii}:${port}` : ascii;
}

/** `a.b.example.org[:port]` -> itself, then `b.example.org`, `example.org`, `org` (ports dropped for parents). */
function candidates(host: string): string[] {
  const out = [host];
  const bare = host.replace(/:\d+$/, '');
  if (bare !== host) out.push(bare);
  const labels = bare.split('.');
  for (let i = 1; i < labels.length; i++) out.push(labels.slice(i).join('.'));
  return out;
}

interface Snapshot { mode: FederationMode; byDomain: Map<string, DomainPolicy>; version: string | null }

/**
 * Every change of a policy or of the mode writes a new token under this meta key, in the change's
 * own transaction. The cache below checks it on every use (one key read: a point query on SQLite,
 * one round trip on MongoDB), so a change made by any process on the same store (the CLI beside a
 * running server, another node, the admin API) applies from the very next request.
 */
export const POLICY_VERSION_KEY = 'domainPolicyVersion';

// Per store: the policies themselves are read on every inbox request and change rarely.
const snapshots = new WeakMap<Store, Promise<Snapshot>>();

async function loadSnapshot(store: Store, version: string | null): Promise<Snapshot> {
  const [mode, list] = await Promise.all([store.meta.get(MODE_KEY), store.domainPolicies.list()]);
  return { mode: mode === 'allowlist' ? 'allowlist' : 'open', byDomain: new Map(list.map((p) => [p.domain, p])), version };
}

async function snapshot(store: Store): Promise<Snapshot> {
  // The version is read before the policies: a change committed in between makes the snapshot
  // newer than its version says, so the next use reloads; it can never be older.
  const version = (await store.meta.get(POLICY_VERSION_KEY)) ?? null;
  const current = snapshots.get(store);
  if (current) {
    const s = await current.catch(() => undefined);
    if (s && s.version === version) return s;
  }
  const next = loadSnapshot(store, version);
  snapshots.set(store, next);
  next.catch(() => { if (snapshots.get(store) === next) snapshots.delete(store); });
  return next;
}

function invalidate(store: Store): void {
  snapshots.delete(store);
}

/** Marks a change for every process that caches the policies; call inside the change's transaction. */
async function bumpVersion(tx: Store): Promise<void> {
  await tx.meta.set(POLICY_VERSION_KEY, randomUUID());
}

/** Decides whether we federate with `host`. The most specific policy wins; a block anywhere above wins over allow. */
export async function evaluateDomain(deps: Pick<Deps, 'store' | 'urls'>, host: string): Promise<DomainVerdict> {
  const normalized = host.toLowerCase();
  if (normalized === deps.urls.host) return { allowed: true, silenced: false, reason: 'local' };
  const snap = await snapshot(deps.store);
  const matches = candidates(normalized).map((d) => snap.byDomain.get(d)).filter((p): p is DomainPolicy => !!p);
  const block = matches.find((p) => p.action === 'block');
  if (block) return { allowed: false, silenced: false, policy: block, reason: 'blocked' };
  const allow = matches.find((p) => p.action === 'allow');
  if (snap.mode === 'allowlist' && !allow) return { allowed: false, silenced: false, reason: 'not_allowlisted' };
  const silence = matches.find((p) => p.action === 'silence');
  if (silence) return { allowed: true, silenced: true, policy: silence, reason: 'silenced' };
  return { allowed: true, silenced: false, policy: allow, reason: snap.mode === 'allowlist' ? 'allowlisted' : 'open' };
}

export async function setDomainPolicy(
  deps: Deps,
  input: { domain: string; action: DomainAction; reason?: string | null; by: string; ip?: string | null },
): Promise<DomainPolicy> {
  const domain = normalizeDomain(input.domain);
  if (domain === deps.urls.host || domain === deps.urls.host.replace(/:\d+$/, '')) throw invalid('DOMAIN_IS_LOCAL', `"${domain}" is this instance`);
  const policy: DomainPolicy = { domain, action: input.action, reason: input.reason ?? null, createdAt: deps.now().toISOString(), createdBy: input.by };
  await deps.store.transaction(async (tx) => {
    const before = await tx.domainPolicies.get(domain);
    await tx.domainPolicies.upsert(policy);
    // A block hides what we already hold from that domain: its actors are suspended with the
    // block's timestamp, so lifting the block lifts exactly these suspensions (Mastodon does the same).
    const unsuspended = before?.action === 'block' ? await tx.actors.unsuspendDomain(domain, before.createdAt) : 0;
    const suspended = policy.action === 'block' ? await tx.actors.suspendDomain(domain, policy.createdAt) : 0;
    await bumpVersion(tx);
    await audit(deps, { actor: input.by, action: `domain.${input.action}`, target: domain, details: { reason: policy.reason, previous: before?.action ?? null, actorsSuspended: suspended, actorsUnsuspended: unsuspended }, ip: input.ip }, tx);
  });
  invalidate(deps.store);
  return policy;
}

export async function removeDomainPolicy(deps: Deps, input: { domain: string; by: string; ip?: string | null }): Promise<boolean> {
  const domain = normalizeDomain(input.domain);
  const removed = await deps.store.transaction(async (tx) => {
    const before = await tx.domainPolicies.get(domain);
    if (!before) return false;
    await tx.domainPolicies.remove(domain);
    if (before.action === 'block') await tx.actors.unsuspendDomain(domain, before.createdAt);
    await bumpVersion(tx);
    await audit(deps, { actor: input.by, action: 'domain.remove', target: domain, details: { previous: before.action }, ip: input.ip }, tx);
    return true;
  });
  invalidate(deps.store);
  return removed;
}

export async function listDomainPolicies(deps: Pick<Deps, 'store'>): Promise<{ mode: FederationMode; policies: DomainPolicy[] }> {
  const [mode, policies] = await Promise.all([getFederationMode(deps), deps.store.domainPolicies.list()]);
  return { mode, policies };
}

export async function getFederationMode(deps: Pick<Deps, 'store'>): Promise<FederationMode> {
  return (await deps.store.meta.get(MODE_KEY)) === 'allowlist' ? 'allowlist' : 'open';
}

export async function setFederationMode(deps: Deps, input: { mode: string; by: string; ip?: string | null }): Promise<FederationMode> {
  if (input.mode !== 'open' && input.mode !== 'allowlist') throw invalid('MODE_INVALID', `mode must be "open" or "allowlist"; got "${input.mode}"`);
  const mode = input.mode;
  await deps.store.transaction(async (tx) => {
    const before = (await tx.meta.get(MODE_KEY)) ?? 'open';
    await tx.meta.set(MODE_KEY, mode);
    await bumpVersion(tx);
    await audit(deps, { actor: input.by, action: 'federation.mode', target: mode, details: { previous: before }, ip: input.ip }, tx);
  });
  invalidate(deps.store);
  return mode;
}
