import { invalid, notFound } from '../../errors.js';
import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';

/**
 * WebFinger's `resource`: `acct:user@host` (the `acct:` prefix may be missing, as some clients send),
 * or one of our actor / profile URLs. Usernames match case-insensitively.
 */
export async function resolveLocalResource(deps: Deps, resource: string | undefined): Promise<Actor> {
  if (resource === undefined || resource.trim() === '') throw invalid('RESOURCE_MISSING', 'query parameter "resource" is required, e.g. acct:user@' + deps.urls.host);
  const value = resource.trim();
  let actor: Actor | undefined;
  if (/^https?:\/\//i.test(value)) {
    if (value.replace(/\/$/, '') === deps.urls.instanceActor) actor = await deps.store.actors.getByUri(deps.urls.instanceActor);
    else {
      const username = deps.urls.usernameFromUri(value);
      if (!username) {
        if (!value.toLowerCase().startsWith(deps.urls.base.toLowerCase())) throw notFound('RESOURCE_NOT_LOCAL', `"${value}" is not on this server`);
        throw notFound('ACCOUNT_NOT_FOUND', `no account at "${value}"`);
      }
      actor = await deps.store.actors.getByUsername(username, null);
    }
  } else {
    const acct = value.replace(/^acct:/i, '').replace(/^@/, '');
    const at = acct.lastIndexOf('@');
    if (at <= 0 || at === acct.length - 1) throw invalid('RESOURCE_MALFORMED', `"${value}" is not of the form acct:user@host`);
    const username = acct.slice(0, at);
    const host = acct.slice(at + 1).toLowerCase();
    if (!/^[a-zA-Z0-9_.-]+$/.test(username) || !/^[a-z0-9.-]+(:\d+)?$/.test(host)) throw invalid('RESOURCE_MALFORMED', `"${value}" is not of the form acct:user@host`);
    if (host !== deps.urls.host) throw notFound('RESOURCE_NOT_LOCAL', `"${host}" is not this server (${deps.urls.host})`);
    actor = await deps.store.actors.getByUsername(username, null);
  }
  if (!actor || actor.deletedAt) throw notFound('ACCOUNT_NOT_FOUND', `no account matches "${value}"`);
  return actor;
}
