import { notFound } from '../../errors.js';
import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';

const recordNotFound = () => notFound('ACCOUNT_NOT_FOUND', 'Record not found');

/** Any known account (local or cached remote) by its id; suspended ones are gone for clients. */
export async function getAccount(deps: Deps, id: string): Promise<Actor> {
  const actor = /^\d{1,20}$/.test(id) ? await deps.store.actors.getById(id) : undefined;
  if (!actor || actor.suspendedAt) throw recordNotFound();
  return actor;
}

/** Accounts by id in the order asked; unknown ids are left out, as Mastodon does. */
export async function getAccounts(deps: Deps, ids: string[]): Promise<Actor[]> {
  const found = await Promise.all([...new Set(ids)].slice(0, 100).map((id) => getAccount(deps, id).catch(() => undefined)));
  return found.filter((a): a is Actor => a !== undefined);
}

/** Splits `user`, `@user`, `user@host` into username and domain (null for ours). */
export function parseAcct(deps: Pick<Deps, 'urls'>, acct: string): { username: string; domain: string | null } {
  const [username = '', host] = acct.trim().replace(/^@/, '').split('@', 2);
  const domain = host && host.toLowerCase() !== deps.urls.host ? host.toLowerCase() : null;
  return { username, domain };
}

/** /api/v1/accounts/lookup: accounts we already know, by acct (WebFinger resolution is search's job). */
export async function lookupAccount(deps: Deps, acct: string): Promise<Actor> {
  const { username, domain } = parseAcct(deps, acct);
  const actor = username ? await deps.store.actors.getByUsername(username, domain) : undefined;
  if (!actor || actor.suspendedAt) throw recordNotFound();
  return actor;
}

/**
 * /api/v1/accounts/search: local accounts whose username or display name starts with the query;
 * a full `user@host` finds that known remote account.
 */
export async function searchAccounts(deps: Deps, query: string, limit: number): Promise<Actor[]> {
  const { username, domain } = parseAcct(deps, query);
  if (!username) return [];
  if (domain) {
    const remote = await deps.store.actors.getByUsername(username, domain);
    return remote && !remote.suspendedAt ? [remote] : [];
  }
  const local = await deps.store.actors.searchLocal(username, limit);
  return local.filter((a) => !a.suspendedAt && a.uri !== deps.urls.instanceActor);
}
